import Engine
import Foundation
import Playback

/// A take on disk read back for its recipe (`info TAKE`, `generate --from TAKE`).
enum TakeFile {
    static let extensions: Set<String> = ["wav", "flac"]

    static func isTake(path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return extensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased())
            && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    static func read(_ path: String) throws -> (info: AudioFileInfo, recipe: TakeRecipe) {
        let info: AudioFileInfo
        do { info = try AudioFile.readMetadata(URL(fileURLWithPath: path)) } catch {
            throw CLIError("\(error)", exitCode: CLIError.dataError)
        }
        do {
            return (info, try info.tags.readRecipe())
        } catch {
            throw CLIError("\(path) holds no CLIPSonic recipe: \(error); only takes written by clipsonic can be read back",
                           exitCode: CLIError.dataError)
        }
    }
}
