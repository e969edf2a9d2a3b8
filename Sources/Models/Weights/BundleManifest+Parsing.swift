import Foundation

extension BundleManifest {
    /// Parses and validates bundle.json given as bytes (no I/O). `source` is the file's path,
    /// named in every error together with the JSON path of the field at fault.
    public static func parse(data: Data, source: String) throws(WeightsError) -> BundleManifest {
        let result: Result<BundleManifest, WeightsError> = data.withUnsafeBytes { raw in
            do throws(WeightsError) { return .success(try parse(bytes: raw, source: source)) } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    public static func parse(bytes: UnsafeRawBufferPointer, source: String) throws(WeightsError) -> BundleManifest {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw .invalidManifest(file: source, path: "",
                                   detail: "invalid JSON: \(error.message) at line \(error.line), column \(error.column)")
        }
        let manifest: BundleManifest
        do {
            manifest = try json.decode(BundleManifest.self, userInfo: [BundleComponent.sourceKey: source])
        } catch {
            throw WeightsError(decoding: error, file: source)
        }
        try manifest.validate(source: source)
        return manifest
    }

    /// Checks what the types cannot: format, version, value ranges, file names.
    func validate(source: String) throws(WeightsError) {
        func fail(_ path: String, _ detail: String) -> WeightsError {
            .invalidManifest(file: source, path: path, detail: detail)
        }
        guard format == Self.formatName else {
            throw fail("format", "expected \"\(Self.formatName)\", found \"\(format)\"; this is not a CLIPSonic bundle")
        }
        guard version == Self.supportedVersion else {
            throw fail("version", "version \(version) is not supported; this build reads version "
                + "\(Self.supportedVersion), use a matching clipsonic")
        }
        if let (path, detail) = audio.problem() { throw fail(path, detail) }
        for (kind, component) in components {
            for (field, name) in component.files where !Self.isPlainRelativePath(name) {
                throw fail("\(kind.rawValue).\(field)", "\"\(name)\" must be a path inside the bundle folder "
                    + "(relative, no \"..\")")
            }
            let needsWeights = !(kind == .vocoder && component.kind == "griffin-lim")
            if needsWeights && component.weights == nil { throw fail("\(kind.rawValue).weights", "missing field") }
        }
        guard let vocoderKind = vocoder.kind else { throw fail("vocoder.kind", "missing field") }
        guard Self.vocoderKinds.contains(vocoderKind) else {
            throw fail("vocoder.kind", "unknown vocoder \"\(vocoderKind)\" (expected "
                + Self.vocoderKinds.map { "\"\($0)\"" }.joined(separator: " or ") + ")")
        }
    }

    /// A non-empty relative path that stays inside the bundle folder.
    static func isPlainRelativePath(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\0") else { return false }
        return !name.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == ".." || $0.isEmpty }
    }
}
