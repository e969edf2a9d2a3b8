import ArgumentParser
import Engine
import Foundation
import Playback

/// Where `generate` and `batch` write, checked before any model is loaded, so a bad path or a
/// file that would be replaced fails at once, not after the generation.
enum OutputTarget {
    /// `url` itself when there are no suffixes; else `name-SUFFIX.ext` for each: the modes of an
    /// A/B pair (`bell-prior.flac`), or variations (`bell-v1.flac`).
    static func files(_ url: URL, suffixes: [String]) -> [URL] {
        guard !suffixes.isEmpty else { return [url] }
        let stem = url.deletingPathExtension().lastPathComponent
        return suffixes.map { url.deletingLastPathComponent().appendingPathComponent("\(stem)-\($0).\(url.pathExtension)") }
    }

    /// Refuses files that exist unless `overwrite`, and folders that cannot be written.
    static func check(files: [URL], overwrite: Bool, option: String) throws {
        for file in files {
            try checkWritable(folder: file.deletingLastPathComponent(), option: option)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                throw CLIError("\(file.path) is a folder; give a file name ending in .wav or .flac to \(option)", exitCode: CLIError.usage)
            }
            if !overwrite {
                throw CLIError("\(file.path) exists; pass --overwrite to replace it, or choose another \(option)", exitCode: CLIError.usage)
            }
        }
    }

    static func checkWritable(folder: URL, option: String) throws {
        var isDir: ObjCBool = false
        let path = folder.path.isEmpty ? "." : folder.path
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw CLIError("cannot write to \(path): no such folder; create it or choose another \(option)", exitCode: CLIError.usage)
        }
        guard FileManager.default.isWritableFile(atPath: path) else {
            throw CLIError("cannot write to \(path): permission denied; choose another \(option)", exitCode: CLIError.usage)
        }
    }

    /// The extension decides the container; anything else is refused before any work.
    static func checkExtension(_ path: String, option: String) throws {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard ext == "wav" || ext == "flac" else {
            throw ValidationError("\(option) must end in .wav or .flac, found \"\(path)\"")
        }
    }
}
