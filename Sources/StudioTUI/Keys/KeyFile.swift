/// A key file: `bind CONTEXT KEY COMMAND...` and `unbind CONTEXT KEY` lines, `#` comments and
/// blank lines, as cmus's `rc`. Parsing is pure and keeps going after a bad line, so a user's
/// file with one typo still applies its other lines; `errors` says what was skipped.
public struct KeyFile: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        /// 1-based line number.
        public var number: Int
        public var command: StudioCommand
    }

    public struct LineError: Error, Sendable, Equatable, CustomStringConvertible {
        public var source: String
        public var line: Int
        public var error: CommandError
        public var description: String { "\(source):\(line): \(error)" }
    }

    /// The largest key file read, in bytes: the default file is 2.6 KB.
    public static let maximumSize = 256 << 10
    /// The longest line: a `bind` line holds a command line.
    public static let maximumLineLength = StudioCommand.maximumLength

    public var lines: [Line]
    public var errors: [LineError]

    /// Reads every line, in one pass; a line over `maximumLineLength` bytes is skipped with an
    /// error before anything else looks at it.
    public static func parse(text: String, source: String) -> KeyFile {
        var lines: [Line] = []
        var errors: [LineError] = []
        let rawLines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (offset, raw) in rawLines.enumerated() {
            let length = raw.utf8.count
            guard length <= maximumLineLength else {
                errors.append(LineError(source: source, line: offset + 1,
                                        error: .tooLong(length: length, limit: maximumLineLength)))
                continue
            }
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            do {
                let command = try StudioCommand.parse(text)
                switch command {
                case .bind, .unbind: lines.append(Line(number: offset + 1, command: command))
                default:
                    let name = StudioCommand.splitWord(text).0
                    errors.append(LineError(source: source, line: offset + 1, error: .notAKeyFileCommand(name: name)))
                }
            } catch {
                errors.append(LineError(source: source, line: offset + 1, error: error))
            }
        }
        return KeyFile(lines: lines, errors: errors)
    }
}
