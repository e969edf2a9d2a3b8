import Engine
import Foundation
import Playback

extension SavedTake {
    /// Saves a finished take into the session's output folder through the one take writer:
    /// WAV with its recipe in the tags, named by `OutputNaming`, never replacing a file.
    static func write(_ take: GeneratedTake, into folder: URL) throws -> SavedTake {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StudioError.session("cannot create the output folder \(folder.path): \(error.localizedDescription); "
                                      + "check its permissions or free some space")
        }
        let url = try TakeWriter.write(take, to: .folder(folder, naming: try OutputNaming()))
        return SavedTake(request: take.request, audioFile: url, duration: take.duration, timings: take.timings,
                         score: take.score)
    }
}
