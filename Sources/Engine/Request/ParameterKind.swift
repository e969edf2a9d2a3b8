/// What values a request parameter takes, with its limits. The limits live here and nowhere
/// else: the CLI, batch files, tags, sessions and the studio's `set` all check through them.
public enum ParameterKind: Sendable, Equatable {
    /// Free text.
    case text
    /// A file path (a picture or a video frame).
    case path
    /// One of a fixed list of spellings.
    case choice([String])
    /// A number in a range; `step` is what one studio key press adds.
    case decimal(ClosedRange<Double>, step: Double)
    /// A whole number in a range.
    case integer(ClosedRange<Int>, step: Int)
    /// A seed: a whole number in a range every JSON tool holds exactly.
    case seed(ClosedRange<UInt64>)
    /// On or off.
    case flag

    /// The JSON type a value must have, for errors about a value of the wrong type.
    public var jsonType: String {
        switch self {
        case .text, .path: return "a string"
        case .choice(let choices): return "a string, one of " + choices.joined(separator: ", ")
        case .decimal: return "a number"
        case .integer, .seed: return "a whole number"
        case .flag: return "true or false"
        }
    }

    /// "a number from 0 to 50", as the errors and help put it.
    public var expected: String {
        switch self {
        case .text: return "text"
        case .path: return "a file path"
        case .choice(let choices): return "one of " + choices.joined(separator: ", ")
        case .decimal(let range, _):
            return "a number from \(ParameterValue.format(range.lowerBound)) to \(ParameterValue.format(range.upperBound))"
        case .integer(let range, _): return "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .seed(let range): return "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .flag: return "on or off"
        }
    }
}
