/// Why a theme file cannot be used: the file, the line (counting from 1) and what is wrong there.
public enum ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line is neither `set key=value`, `key = value`, a comment nor blank.
    case syntax(source: String, line: Int, text: String)
    case unknownKey(source: String, line: Int, key: String, suggestion: String?)
    case invalidColor(source: String, line: Int, key: String, value: String)
    case duplicateKey(source: String, line: Int, key: String, firstLine: Int)
    case gradientLength(source: String, line: Int, count: Int)
    case missingKeys(source: String, keys: [String])
    case notUTF8(source: String)
    case readFailed(path: String, reason: String)
    /// The file is over `Theme.maximumSize` bytes.
    case fileTooLarge(source: String, size: Int, limit: Int)
    /// A line is over `Theme.maximumLineLength` bytes.
    case lineTooLong(source: String, line: Int, length: Int, limit: Int)

    /// The offending line, when there is one.
    public var line: Int? {
        switch self {
        case .syntax(_, let line, _), .unknownKey(_, let line, _, _), .invalidColor(_, let line, _, _),
             .duplicateKey(_, let line, _, _), .gradientLength(_, let line, _), .lineTooLong(_, let line, _, _):
            return line
        case .missingKeys, .notUTF8, .readFailed, .fileTooLarge:
            return nil
        }
    }

    public var description: String {
        switch self {
        case let .syntax(source, line, text):
            return "\(source):\(line): cannot read \"\(text)\"; expected \"key = colour\" or \"set key=colour\""
        case let .unknownKey(source, line, key, suggestion):
            let hint = suggestion.map { "did you mean \"\($0)\"? " } ?? ""
            return "\(source):\(line): unknown key \"\(key)\"; \(hint)keys are \(Theme.keys.joined(separator: ", "))"
        case let .invalidColor(source, line, key, value):
            return "\(source):\(line): \(key): \"\(value)\" is not a colour; use default, a name (red, bright-blue, ...), "
                + "a palette number 0-255, or #rrggbb"
        case let .duplicateKey(source, line, key, firstLine):
            return "\(source):\(line): \(key) is already set on line \(firstLine)"
        case let .gradientLength(source, line, count):
            return "\(source):\(line): spectrogram: \(count) colour\(count == 1 ? "" : "s"); give "
                + "\(Theme.gradientLengths.lowerBound) to \(Theme.gradientLengths.upperBound), from low to high energy"
        case let .missingKeys(source, keys):
            return "\(source): missing \(keys.joined(separator: ", ")); a theme sets every key"
        case let .notUTF8(source):
            return "\(source): not a text file (invalid UTF-8)"
        case let .readFailed(path, reason):
            return "cannot read \(path): \(reason)"
        case let .fileTooLarge(source, size, limit):
            return "\(source): \(size) bytes; a theme file is at most \(limit) bytes"
        case let .lineTooLong(source, line, length, limit):
            return "\(source):\(line): the line is \(length) bytes long; the limit is \(limit) bytes"
        }
    }
}
