import Engine
import Foundation

/// What values an option takes, how they are read from a command and shown.
public enum OptionKind: Sendable, Equatable {
    /// Free text; empty means "none".
    case text
    /// One of a fixed list; `toggle` steps through it.
    case choice([String])
    /// A name checked when it is applied (a theme, a device); `toggle` steps through what exists.
    case name
    case decimal(ClosedRange<Double>, step: Double)
    case integer(ClosedRange<Int>, step: Int)
    case seed(ClosedRange<UInt64>)
    case flag

    /// Reads `text` as a value of this kind for `option` (named in errors). Generation options
    /// are read by the parameter table, so `set` accepts exactly what the CLI and batch files do.
    public func parse(_ text: String, option: StudioOption) throws(CommandError) -> OptionValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let parameter = option.requestParameter {
            let value: ParameterValue
            do throws(RequestError) { value = try parameter.parse(trimmed) } catch {
                if case let .invalidValue(_, expected, _) = error {
                    throw .badValue(option: option.rawValue, value: trimmed, expected: expected)
                }
                throw .badValue(option: option.rawValue, value: trimmed, expected: parameter.kind.expected)
            }
            return OptionValue(value, of: parameter)
        }
        switch self {
        case .flag:
            switch trimmed.lowercased() {
            case "on", "true", "yes", "1": return .flag(true)
            case "off", "false", "no", "0": return .flag(false)
            default: throw .badValue(option: option.rawValue, value: trimmed, expected: "on or off")
            }
        case .integer(let range, _):
            guard let number = Int(trimmed), range.contains(number) else {
                throw .badValue(option: option.rawValue, value: trimmed,
                                expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return .integer(number)
        default:
            return .text(trimmed)
        }
    }

    /// `current` moved by `delta` (`set guidance+=0.5`), clamped to the range; numbers only.
    /// An empty delta means one step.
    public func adjust(_ current: OptionValue, by deltaText: String, sign: Int,
                       option: StudioOption) throws(CommandError) -> OptionValue {
        let trimmed = deltaText.trimmingCharacters(in: .whitespaces)
        switch (self, current) {
        case let (.decimal(range, step), .decimal(value)):
            let delta = trimmed.isEmpty ? step : Double(trimmed)
            guard let delta, delta.isFinite, delta >= 0 else {
                throw .badValue(option: option.rawValue, value: trimmed, expected: "a positive number to add or subtract")
            }
            // Rounded to the step's precision, so 0.1 steps do not drift into 0.30000000000000004.
            let moved = ((value + Double(sign) * delta) * 1e6).rounded() / 1e6
            return .decimal(min(max(moved, range.lowerBound), range.upperBound))
        case let (.integer(range, step), .integer(value)):
            let delta = trimmed.isEmpty ? step : Int(trimmed)
            guard let delta, delta >= 0 else {
                throw .badValue(option: option.rawValue, value: trimmed, expected: "a positive whole number to add or subtract")
            }
            let moved = value.addingReportingOverflow(sign * delta)
            return .integer(moved.overflow ? (sign > 0 ? range.upperBound : range.lowerBound)
                                           : min(max(moved.partialValue, range.lowerBound), range.upperBound))
        case let (.seed(range), .seed(value)):
            let delta = trimmed.isEmpty ? 1 : UInt64(trimmed)
            guard let delta else {
                throw .badValue(option: option.rawValue, value: trimmed, expected: "a whole number to add or subtract")
            }
            // Seeds wrap around within the table's range, as a counter does.
            let span = range.upperBound - range.lowerBound + 1
            let base = min(max(value, range.lowerBound), range.upperBound) - range.lowerBound
            let step = delta % span
            let moved = sign > 0 ? (base + step) % span : (base + span - step) % span
            return .seed(range.lowerBound + moved)
        default:
            throw .notAdjustable(option: option.rawValue)
        }
    }

    /// The value as `set` would take it back.
    public func format(_ value: OptionValue) -> String {
        switch value {
        case .text(let text): return text
        case .decimal(let number): return Self.format(number)
        case .integer(let number): return String(number)
        case .seed(let seed): return String(seed)
        case .flag(let on): return on ? "on" : "off"
        }
    }

    /// "3", "0.5", "1.25": no trailing zeros.
    static func format(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
        var text = String(format: "%.4f", number)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
