import Engine
import Foundation
import Models

/// A copy of the tiny bundle with one bundle.json value changed: what a damaged or hostile
/// bundle looks like. The copy lives in its own temporary folder, removed by the caller.
enum HostileBundle {
    /// Copies the tiny bundle and sets the value at `path` (dot-separated keys, e.g.
    /// `unet.config.base_channels`) in its bundle.json; `extra` edits the parsed document too.
    static func make(_ path: String, _ value: Any, extra: ((inout [String: Any]) -> Void)? = nil) throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("clipsonic-hostile-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: try TinyBundle.url.get(), to: folder)
        let manifest = folder.appendingPathComponent("bundle.json")
        guard var document = try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        set(&document, path.split(separator: ".").map(String.init), value)
        extra?(&document)
        try JSONSerialization.data(withJSONObject: document).write(to: manifest)
        return folder
    }

    /// The engine's error for the bundle at `folder`, as the user reads it; nil if it opened.
    static func error(opening folder: URL,
                      availableMemory: (@Sendable () -> (bytes: Double, source: String))? = nil) -> String? {
        do {
            let bundle = try ModelBundle.open(at: folder)
            if let availableMemory {
                _ = try GenerationEngine(bundle: bundle, availableMemory: availableMemory)
            } else {
                _ = try GenerationEngine(bundle: bundle)
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func set(_ object: inout [String: Any], _ keys: [String], _ value: Any) {
        guard let first = keys.first else { return }
        if keys.count == 1 { object[first] = value; return }
        var child = object[first] as? [String: Any] ?? [:]
        set(&child, Array(keys.dropFirst()), value)
        object[first] = child
    }
}
