import Engine
import Foundation
import Playback

/// Where `generate` saves a take: an explicit file (replaced atomically) or a folder with
/// templated names that never overwrite.
enum OutputTarget {
    case file(URL)
    case folder(URL)

    func write(_ buffer: AudioBuffer, request: GenerationRequest) throws -> URL {
        switch self {
        case let .file(url):
            try AudioFile.write(buffer, to: url, options: .init(tags: AudioTags(request: request)))
            return url
        case let .folder(folder):
            return try AudioFile.write(buffer, into: folder, naming: try OutputNaming(), request: request)
        }
    }

    static func checkWritable(folder: URL) throws {
        var isDir: ObjCBool = false
        let path = folder.path.isEmpty ? "." : folder.path
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw CLIError("cannot write to \(path): no such folder; create it or choose another --out")
        }
        guard FileManager.default.isWritableFile(atPath: path) else {
            throw CLIError("cannot write to \(path): permission denied; choose another --out")
        }
    }
}
