import Engine
import Foundation
import Playback

/// Writes a finished take's audio into the session's output folder: WAV with the request in its
/// tags, named by `OutputNaming`, never replacing a file.
public enum TakeWriter {
    public static func write(_ take: GeneratedTake, into folder: URL) throws -> SavedTake {
        var request = take.request
        request.mode = take.mode
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StudioError.session("cannot create the output folder \(folder.path): \(error.localizedDescription); "
                                      + "check its permissions or free some space")
        }
        let naming = try OutputNaming()
        let buffer = AudioBuffer(samples: take.waveform, sampleRate: take.sampleRate)
        let url = try AudioFile.write(buffer, into: folder, naming: naming, request: request)
        return SavedTake(request: request, audioFile: url, duration: take.duration, timings: take.timings,
                         mel: SpectrogramImage(tensor: take.mel))
    }
}
