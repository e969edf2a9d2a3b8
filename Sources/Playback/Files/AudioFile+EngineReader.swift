import Engine
import Foundation

extension AudioFile {
    /// The engine's reader for `from-audio` sounds: any WAV/FLAC libsndfile opens, mixed to mono.
    public static let engineReader: AudioReader = { path in
        let buffer = try AudioFile.read(URL(fileURLWithPath: path))
        return (buffer.samples, buffer.sampleRate)
    }
}
