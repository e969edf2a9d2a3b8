import Foundation

/// Why the studio cannot start or had to stop; each message says what to do.
public enum StudioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The locale's character set is not UTF-8, so wide characters and the drawing characters
    /// would come out wrong.
    case notUTF8Locale(codeset: String)
    /// Standard input or output is not a terminal.
    case notATerminal
    case terminal(String)
    case system(what: String, errno: Int32)
    case session(String)
    /// A take's audio cannot be shown or written as asked; the text names the file.
    case audio(String)
    /// The prompt history file cannot be read; the text names it.
    case history(String)

    public var description: String {
        switch self {
        case let .notUTF8Locale(codeset):
            return "clipsonic studio needs a UTF-8 locale, but the current one uses \(codeset). "
                + "Set one, for example: LANG=C.UTF-8 clipsonic studio (see `locale -a` for the locales installed)"
        case .notATerminal:
            return "clipsonic studio needs a terminal on standard input and output; use `clipsonic generate` in scripts"
        case let .terminal(why):
            return "cannot start the terminal interface: \(why)"
        case let .system(what, code):
            return "\(what): \(String(cString: strerror(code)))"
        case let .session(why), let .audio(why), let .history(why):
            return why
        }
    }
}
