extension BigVGAN {
    /// Random weights of the right names and shapes for `configuration` (benchmarks and load
    /// tests): convolution weights uniform in ±1/sqrt(fan-in) like PyTorch's default init,
    /// biases ±0.05, log-scale Snake parameters ±0.1 (linear ones 1 ± 0.1), and the true
    /// Kaiser-sinc `filter` buffers. The default is the full `bigvgan_v2_22khz_80band_256x`
    /// shape set (about 112 M parameters, 450 MB).
    public static func randomTensors(configuration: BigVGANConfiguration = .v2_22kHz80Band256x,
                                     seed: UInt64 = 0) throws -> [String: Tensor] {
        var tensors: [String: Tensor] = [:]
        var rng = SplitMix64(seed: seed)
        _ = try BigVGAN(configuration: configuration, source: BigVGANTensorSource { name, shape in
            let t = Tensor(zeros: shape)
            let p = t.pointer
            if name.hasSuffix(".filter") {
                let filter = KaiserSincFilter.bigvgan
                for i in 0..<Swift.min(t.count, filter.count) { p[i] = filter[i] }
            } else if name.hasSuffix(".alpha") || name.hasSuffix(".beta") {
                let center: Float = configuration.snakeLogScale ? 0 : 1
                for i in 0..<t.count { p[i] = center + 0.2 * Float(rng.next() - 0.5) }
            } else if name.hasSuffix(".bias") {
                for i in 0..<t.count { p[i] = 0.1 * Float(rng.next() - 0.5) }
            } else {
                let fanIn = t.count / Swift.max(shape[0], 1)
                let bound = 1 / Float(Swift.max(fanIn, 1)).squareRoot()
                for i in 0..<t.count { p[i] = bound * Float(2 * rng.next() - 1) }
            }
            tensors[name] = t
            return t
        })
        return tensors
    }

    /// A generator with random weights (see `randomTensors`), for timing the Swift side.
    public static func random(configuration: BigVGANConfiguration = .v2_22kHz80Band256x,
                              seed: UInt64 = 0) throws -> BigVGAN {
        try BigVGAN(configuration: configuration, tensors: try randomTensors(configuration: configuration, seed: seed))
    }
}
