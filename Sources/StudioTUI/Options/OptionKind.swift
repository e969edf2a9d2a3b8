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
    case seed
    case flag

    /// Reads `text` as a value of this kind for `option` (named in errors).
    public func parse(_ text: String, option: StudioOption) throws(CommandError) -> OptionValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch self {
        case .text, .name:
            return .text(trimmed)
        case .choice(let choices):
            guard let choice = choices.first(where: { $0 == trimmed.lowercased() }) else {
                throw .badValue(option: option.rawValue, value: trimmed, expected: "one of " + choices.joined(separator: ", "))
            }
            return .text(choice)
        case .decimal(let range, _):
            if option == .duration, trimmed.lowercased() == "native" { return .decimal(0) }
            guard let value = Double(trimmed), value.isFinite, range.contains(value) else {
                throw .badValue(option: option.rawValue, value: trimmed,
                                expected: "a number from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))")
            }
            return .decimal(value)
        case .integer(let range, _):
            guard let value = Int(trimmed), range.contains(value) else {
                throw .badValue(option: option.rawValue, value: trimmed,
                                expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return .integer(value)
        case .seed:
            guard let value = UInt64(trimmed) else {
                throw .badValue(option: option.rawValue, value: trimmed, expected: "a whole number from 0 to \(UInt64.max)")
            }
            return .seed(value)
        case .flag:
            switch trimmed.lowercased() {
            case "on", "true", "yes", "1": return .flag(true)
            case "off", "false", "no", "0": return .flag(false)
            default: throw .badValue(option: option.rawValue, value: trimmed, expected: "on or off")
            }
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
        case let (.seed, .seed(value)):
            let delta = trimmed.isEmpty ? 1 : UInt64(trimmed)
            guard let delta else {
                throw .badValue(option: option.rawValue, value: trimmed, expected: "a whole number to add or subtract")
            }
            return .seed(sign > 0 ? value &+ delta : value &- delta)
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
