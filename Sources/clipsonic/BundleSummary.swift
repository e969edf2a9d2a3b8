import Foundation
import Models

/// The facts `clipsonic info` prints about a bundle.
struct BundleSummary: Encodable {
    struct Component: Encodable {
        let name: String
        let kind: String?
        let weights: String?
        let bytes: Int
        let tensors: Int
        let parameters: Int
        let dtypes: [String]
    }

    let path: String
    let name: String
    let description: String
    let license: String
    let audio: BundleAudioConfig
    let components: [Component]

    init(bundle: ModelBundle) throws {
        let m = bundle.manifest
        path = bundle.displayName
        name = m.name
        description = m.description
        license = m.license
        audio = m.audio
        var comps: [Component] = []
        for (kind, component) in m.components {
            var bytes = 0, tensors = 0, params = 0
            var dtypes = Set<String>()
            if let file = component.weights {
                let st = try bundle.weights(kind)
                let attrs = try? FileManager.default.attributesOfItem(atPath: bundle.fileURL(file).path)
                bytes = (attrs?[.size] as? NSNumber)?.intValue ?? 0
                tensors = st.names.count
                for n in st.names {
                    let info = try st.info(n)
                    params += info.shape.reduce(1, *)
                    dtypes.insert(info.dtype.rawValue)
                }
            }
            comps.append(Component(name: kind.rawValue, kind: component.kind, weights: component.weights,
                                   bytes: bytes, tensors: tensors, parameters: params, dtypes: dtypes.sorted()))
        }
        components = comps
    }

    var text: String {
        var lines = ["bundle \(name)  (\(path))"]
        if !description.isEmpty { lines.append("  \(description)") }
        if !license.isEmpty { lines.append("  license: \(license)") }
        let a = audio
        let seconds = Double(a.frames * a.hop) / Double(a.sampleRate)
        lines.append(String(format: "audio: %d Hz, n_fft %d, hop %d, win %d, %d mels %.0f-%.0f Hz, %d frames (%.2f s)",
                            a.sampleRate, a.nFFT, a.hop, a.win, a.nMels, a.fmin, a.fmax, a.frames, seconds))
        lines.append("  log-mel: (log_\(a.log.base.rawValue)(max(mel, \(a.log.floor))) - \(a.log.mean)) / \(a.log.std)")
        for c in components {
            let kind = c.kind.map { " (\($0))" } ?? ""
            if let w = c.weights {
                lines.append(String(format: "%@%@: %@, %.2f M parameters in %d tensors, %@, %@",
                                    c.name, kind, w, Double(c.parameters) / 1e6, c.tensors,
                                    c.dtypes.joined(separator: "/"), Self.size(c.bytes)))
            } else {
                lines.append("\(c.name)\(kind): no weights")
            }
        }
        if !components.contains(where: { $0.name == BundleComponentKind.audioEncoder.rawValue }) {
            lines.append("audio_encoder: none (takes are not scored; --rank, search and --mode audio need one)")
        }
        let total = components.reduce(0) { $0 + $1.bytes }
        lines.append("total weights: \(Self.size(total))")
        return lines.joined(separator: "\n")
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MB", Double(bytes) / 1e6) : String(format: "%.1f kB", Double(bytes) / 1e3)
    }

    func jsonString() throws -> String {
        try JSONValueEncoder().encodeText(self, style: .pretty)
    }
}
