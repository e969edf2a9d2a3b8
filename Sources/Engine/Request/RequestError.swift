/// Why a request, or one of its parameters, is not valid. The messages name the parameter by
/// its one spelling, so they read the same from the CLI, a batch file and the studio.
public enum RequestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `parameter` must be `expected`, and `found` is not.
    case invalidValue(parameter: String, expected: String, found: String)
    /// A JSON key that is not a parameter; `suggestion` is the nearest one.
    case unknownKey(String, suggestion: String?)
    /// A mode's condition is missing (a prompt, a picture).
    case missingCondition(String)
    /// The request is not a JSON object.
    case notAnObject(found: String)
    /// The text is not JSON at all.
    case malformedJSON(column: Int, reason: String)

    /// A mode lacks its prompt or picture: front ends add how to give one.
    public var isMissingCondition: Bool {
        if case .missingCondition = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case let .invalidValue(parameter, expected, found):
            return "\(parameter) must be \(expected), found \(found)"
        case let .unknownKey(key, suggestion):
            return "unknown parameter \"\(key)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "")
                + " (parameters: \(RequestParameters.all.map(\.name).joined(separator: ", ")))"
        case let .missingCondition(why): return why
        case let .notAnObject(found): return "a request must be a JSON object, found \(found)"
        case let .malformedJSON(column, reason): return "not valid JSON at column \(column): \(reason)"
        }
    }
}
