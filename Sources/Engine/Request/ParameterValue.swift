/// A request parameter's value, typed by its `ParameterKind`.
public enum ParameterValue: Sendable, Equatable {
    /// An optional parameter left out: no negative prompt, no picture, the bundle's own length.
    case none
    case text(String)
    case decimal(Double)
    case integer(Int)
    case seed(UInt64)
    case flag(Bool)

    /// The value as it is typed back (`--guidance 3.5`, `set guidance 3.5`).
    public var text: String {
        switch self {
        case .none: return ""
        case .text(let text): return text
        case .decimal(let x): return Self.format(x)
        case .integer(let n): return String(n)
        case .seed(let s): return String(s)
        case .flag(let on): return on ? "on" : "off"
        }
    }

    /// The shortest text that reads back as the same value. Parameters held as Float print as
    /// the Float they are ("3.1", not "3.0999999046325684"), so a recipe read back is bit-equal.
    public static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        if let f = Float(exactly: x) { return f.description }
        return x.description
    }
}
