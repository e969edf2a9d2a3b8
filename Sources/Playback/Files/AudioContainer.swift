import CSndfile
import Foundation

/// The file types written: chosen by the file name's extension.
public enum AudioContainer: String, Sendable, CaseIterable, Codable {
    case wav
    case flac

    /// The container for a file extension ("wav", "WAV", "flac"), or nil.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "wav", "wave": self = .wav
        case "flac": self = .flac
        default: return nil
        }
    }

    /// The container named by `url`'s extension.
    public static func of(_ url: URL) throws(AudioFileError) -> AudioContainer {
        guard let container = AudioContainer(fileExtension: url.pathExtension) else {
            throw .unsupportedExtension(path: url.path, extension: url.pathExtension)
        }
        return container
    }

    /// Sample formats the container can hold; FLAC is lossless integer coding only.
    public var supportedSampleFormats: [AudioSampleFormat] {
        switch self {
        case .wav: return [.int16, .int24, .float32]
        case .flac: return [.int16, .int24]
        }
    }

    /// The libsndfile major format bits (`SF_FORMAT_WAV`, `SF_FORMAT_FLAC`).
    var sndfileMajor: Int32 {
        switch self {
        case .wav: return Int32(SF_FORMAT_WAV)
        case .flac: return Int32(SF_FORMAT_FLAC)
        }
    }

    init?(sndfileMajor: Int32) {
        guard let container = AudioContainer.allCases.first(where: { $0.sndfileMajor == sndfileMajor }) else {
            return nil
        }
        self = container
    }
}
