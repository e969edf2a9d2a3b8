import Engine
import Foundation

/// Where a take goes: a named file, or a folder where `OutputNaming` picks a name that never
/// replaces a file.
public enum TakeDestination: Sendable {
    /// `replacing`: whether an existing file may be replaced (`--overwrite`).
    case file(URL, replacing: Bool)
    case folder(URL, naming: OutputNaming)
}

/// The one way a take reaches disk, for `generate`, `batch` and the studio: the audio with the
/// recipe in its tags, written atomically (never a half-written file, never a file lost).
public enum TakeWriter {
    @discardableResult
    public static func write(_ take: GeneratedTake, to destination: TakeDestination, date: Date = Date(),
                             sampleFormat: AudioSampleFormat = .int16) throws(AudioFileError) -> URL {
        let buffer = AudioBuffer(samples: take.waveform, sampleRate: take.sampleRate)
        let tags = AudioTags(recipe: take.recipe, date: date)
        switch destination {
        case let .file(url, replacing):
            try AudioFile.write(buffer, to: url, options: .init(sampleFormat: sampleFormat, tags: tags,
                                                                replaceExisting: replacing))
            return url
        case let .folder(folder, naming):
            return try AudioFile.write(buffer, into: folder, naming: naming, recipe: take.recipe, date: date,
                                       sampleFormat: sampleFormat, tags: tags)
        }
    }
}
