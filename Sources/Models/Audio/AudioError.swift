/// Errors of the audio DSP (STFT, mel spectrograms, Griffin-Lim). Each says what was wrong and
/// what to do about it.
public enum AudioError: Error, Equatable, CustomStringConvertible {
    /// A transform size that this code does not support (FFT sizes must be powers of two).
    case unsupportedSize(what: String, value: Int, requirement: String)
    /// A configuration field outside its valid range.
    case invalidConfiguration(field: String, value: String, requirement: String)
    /// The signal is too short for the reflect padding of the STFT framing.
    case signalTooShort(samples: Int, minimum: Int)
    /// A tensor whose shape does not fit the operation.
    case shapeMismatch(what: String, got: [Int], expected: String)

    public var description: String {
        switch self {
        case let .unsupportedSize(what, value, requirement):
            return "\(what) is \(value); it must be \(requirement)"
        case let .invalidConfiguration(field, value, requirement):
            return "\(field) is \(value); it must be \(requirement)"
        case let .signalTooShort(samples, minimum):
            return "signal has \(samples) samples; the STFT's reflect padding needs at least \(minimum): "
                + "pass a longer signal"
        case let .shapeMismatch(what, got, expected):
            return "\(what) has shape \(got), expected \(expected)"
        }
    }
}
