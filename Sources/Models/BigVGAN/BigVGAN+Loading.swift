extension BigVGAN {
    /// Builds the generator from a weights binder (a bundle's vocoder component), strictly:
    /// every tensor present with its shape, none left over.
    public init(configuration: BigVGANConfiguration, binder: WeightBinder) throws {
        try self.init(configuration: configuration, source: BigVGANTensorSource { name, shape throws(WeightsError) in
            try binder.take(name, shape: shape)
        })
        try binder.finish()
    }

    /// The vocoder of a bundle whose `vocoder.kind` is `bigvgan`; its `config` is the BigVGAN
    /// config.json content.
    public init(bundle: ModelBundle) throws {
        let section = bundle.manifest.vocoder
        guard section.kind == "bigvgan" else {
            throw WeightsError.invalidManifest(file: section.source, path: "vocoder.kind",
                                               detail: "expected \"bigvgan\", found \"\(section.kind ?? "none")\"")
        }
        let configuration = try section.decodeConfig(BigVGANConfiguration.self)
        try self.init(configuration: configuration, binder: try bundle.binder(.vocoder))
    }

    /// Builds the generator from tensors in memory (NVIDIA names, weight norm folded), as
    /// strictly as from a file; `source` names them in errors.
    public init(configuration: BigVGANConfiguration, tensors: [String: Tensor],
                source: String = "in-memory BigVGAN weights") throws {
        var taken = Set<String>()
        try self.init(configuration: configuration, source: BigVGANTensorSource { name, shape throws(WeightsError) in
            guard let t = tensors[name] else { throw .missingTensor(file: source, tensor: name) }
            guard t.shape == shape else {
                throw .shapeMismatch(file: source, tensor: name, found: t.shape, expected: shape)
            }
            taken.insert(name)
            return t
        })
        let left = tensors.keys.filter { !taken.contains($0) }.sorted()
        if !left.isEmpty { throw WeightsError.unexpectedTensors(file: source, names: left) }
    }
}
