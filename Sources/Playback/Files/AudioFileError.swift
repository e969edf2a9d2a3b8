/// What went wrong reading or writing an audio file; every case names the file and its message
/// says what to do. A failed write never leaves a partial file behind.
public enum AudioFileError: Error, Equatable, Sendable {
    /// The extension names no container this studio writes.
    case unsupportedExtension(path: String, extension: String)
    /// The container cannot hold the sample format (FLAC stores integers only).
    case unsupportedSampleFormat(path: String, container: AudioContainer, format: AudioSampleFormat)
    /// Nothing sensible to write: a sample rate that is not positive, or too many frames.
    case invalidAudio(path: String, reason: String)
    /// The temporary file beside the destination could not be created (missing or read-only
    /// folder, no permission).
    case cannotCreate(path: String, reason: String)
    /// Writing, flushing or renaming failed part way (disk full, I/O error); the temporary file
    /// was removed and nothing was saved.
    case writeFailed(path: String, reason: String)
    /// The destination exists and the write was asked not to replace it.
    case alreadyExists(path: String)
    /// No file at the path.
    case notFound(path: String)
    /// The file is not a readable WAV/FLAC (corrupt, truncated header, another format).
    case unreadable(path: String, reason: String)
    /// A naming template uses a placeholder that does not exist.
    case badTemplate(template: String, reason: String)
}

extension AudioFileError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .unsupportedExtension(path, ext):
            let shown = ext.isEmpty ? "no extension" : "extension .\(ext)"
            return "cannot write \(path): \(shown) names no supported audio format; end the name in .wav or .flac"
        case let .unsupportedSampleFormat(path, container, format):
            let choices = container.supportedSampleFormats.map(\.rawValue).joined(separator: ", ")
            return "cannot write \(path): \(container.rawValue.uppercased()) cannot store \(format.rawValue) samples; "
                + "choose one of \(choices), or write a .wav file for \(format.rawValue)"
        case let .invalidAudio(path, reason):
            return "cannot write \(path): \(reason)"
        case let .cannotCreate(path, reason):
            return "cannot create \(path): \(reason); check that the folder exists and is writable, "
                + "or choose another output folder"
        case let .writeFailed(path, reason):
            return "writing \(path) failed: \(reason); nothing was saved there. Free some disk space "
                + "or choose another output folder, then save again"
        case let .alreadyExists(path):
            return "\(path) already exists and was left untouched; choose another name or allow replacing it"
        case let .notFound(path):
            return "no audio file at \(path); check the path"
        case let .unreadable(path, reason):
            return "cannot read \(path) as WAV or FLAC audio: \(reason); the file may be damaged or of another format"
        case let .badTemplate(template, reason):
            return "output name template \"\(template)\": \(reason)"
        }
    }
}
