import Foundation
@testable import Models

/// A valid bundle.json, as a JSON object that tests edit before serialising.
enum BundleTestManifest {
    static func object() -> [String: Any] {
        [
            "format": "clipsonic-bundle", "version": 1, "name": "x", "description": "test bundle",
            "license": "CC0",
            "audio": ["sample_rate": 16000, "n_fft": 1024, "hop": 256, "win": 1024, "n_mels": 64,
                      "fmin": 0, "fmax": 8000.0, "frames": 256, "log": ["base": "e", "floor": 1e-5]],
            "clip": ["weights": "clip.safetensors", "tokenizer": "bpe.txt", "config": ["width": 32]],
            "prior": ["weights": "prior.safetensors", "config": [:]],
            "unet": ["weights": "unet.safetensors", "prediction": "eps",
                     "config": ["channels": 8, "channel_mult": [1, 2, 3]]],
            "vocoder": ["kind": "bigvgan", "weights": "vocoder.safetensors", "config": [:]],
        ]
    }

    static func data(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// Sets `value` at a dotted path ("audio.sample_rate"); nil removes the field.
    static func editing(_ path: String, _ value: Any?) -> [String: Any] {
        func edit(_ object: [String: Any], _ keys: ArraySlice<Substring>) -> [String: Any] {
            var o = object
            guard let key = keys.first.map(String.init) else { return o }
            if keys.count == 1 {
                o[key] = value
            } else {
                o[key] = edit(o[key] as? [String: Any] ?? [:], keys.dropFirst())
            }
            return o
        }
        return edit(object(), path.split(separator: ".")[...])
    }

    /// Writes a complete bundle folder: bundle.json plus small weight files.
    static func writeBundle(in folder: URL, manifest: [String: Any] = object()) throws {
        try data(manifest).write(to: folder.appendingPathComponent("bundle.json"))
        try Data("bpe".utf8).write(to: folder.appendingPathComponent("bpe.txt"))
        for name in ["clip", "prior", "unet", "vocoder"] {
            try SafeTensors.write(["\(name).proj.weight": Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]),
                                   "\(name).proj.bias": Tensor(shape: [2], scalars: [0.5, -0.5])],
                                  to: folder.appendingPathComponent("\(name).safetensors"))
        }
    }
}
