import CSndfile

/// How samples are stored in a file. The raw values are the spelling shared by the CLI and logs.
public enum AudioSampleFormat: String, Sendable, CaseIterable, Codable {
    /// 16-bit signed PCM: smallest, quantised to 1/32768; the only choice that every tool reads.
    case int16 = "pcm16"
    /// 24-bit signed PCM; the finest integer resolution FLAC offers.
    case int24 = "pcm24"
    /// 32-bit IEEE float, stored exactly (WAV only: FLAC holds integers).
    case float32 = "float32"

    /// The libsndfile subtype bits (`SF_FORMAT_PCM_16` ...).
    var sndfileSubtype: Int32 {
        switch self {
        case .int16: return Int32(SF_FORMAT_PCM_16)
        case .int24: return Int32(SF_FORMAT_PCM_24)
        case .float32: return Int32(SF_FORMAT_FLOAT)
        }
    }

    init?(sndfileSubtype: Int32) {
        guard let format = AudioSampleFormat.allCases.first(where: { $0.sndfileSubtype == sndfileSubtype }) else {
            return nil
        }
        self = format
    }
}
