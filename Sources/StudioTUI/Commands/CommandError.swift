/// Why a command line cannot run; the message says what to type instead.
public enum CommandError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case unknownCommand(name: String, suggestion: String?)
    case usage(command: String, usage: String)
    case unknownOption(name: String, suggestion: String?)
    case badValue(option: String, value: String, expected: String)
    case notAdjustable(option: String)
    case notToggleable(option: String)
    case unknownContext(name: String)
    case unknownKey(name: String)
    /// A key file line that is not `bind` or `unbind`.
    case notAKeyFileCommand(name: String)
    /// A command line (or a key file line) longer than `StudioCommand.maximumLength` bytes.
    case tooLong(length: Int, limit: Int)
    /// `bind ... bind ...`: a key bound to a binding.
    case nestedBinding
    /// A word of a `/` query that is not understood.
    case badFilter(term: String, why: String)

    public var description: String {
        switch self {
        case .empty:
            return "no command given; type a command such as \"generate\" or \"set steps=30\""
        case let .unknownCommand(name, suggestion):
            return "unknown command \"\(name)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "; press ? for the commands")
        case let .usage(command, usage):
            return "\(command): usage: \(usage)"
        case let .unknownOption(name, suggestion):
            let names = StudioOption.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown option \"\(name)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "; options are \(names)")
        case let .badValue(option, value, expected):
            return "\(option): \"\(value)\" is not valid; expected \(expected)"
        case let .notAdjustable(option):
            return "\(option) is not a number; use set \(option)=VALUE or toggle \(option)"
        case let .notToggleable(option):
            return "\(option) cannot be toggled; use set \(option)+=N or set \(option)-=N"
        case let .unknownContext(name):
            return "unknown key context \"\(name)\"; contexts are " + KeyContext.allCases.map(\.rawValue).joined(separator: ", ")
        case let .unknownKey(name):
            return "unknown key name \"\(name)\"; use a character, ^X, space, tab, enter, escape, backspace, "
                + "delete, insert, up, down, left, right, home, end, page_up, page_down, back_tab or F1-F24"
        case let .notAKeyFileCommand(name):
            return "\"\(name)\" in a key file: key files hold only bind and unbind lines"
        case let .tooLong(length, limit):
            return "the line is \(length) bytes long; the limit is \(limit) bytes: shorten it"
        case let .badFilter(term, why):
            return "filter: \"\(term)\" is not understood (\(why)); words match the prompt, with mode:NAME, * and r>=N"
        case .nestedBinding:
            return "a key cannot be bound to bind or unbind; bind it to the command you want it to run"
        }
    }
}
