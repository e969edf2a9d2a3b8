/// Why a JSON text did not decode into the type asked for: it is not JSON (where, and what was
/// expected), or a value in it does not fit (its path, and the problem). Callers add the file.
public enum JSONDocumentError: Error, Equatable, Sendable, CustomStringConvertible {
    case syntax(JSONSyntaxError)
    case content(JSONValueError)

    /// "line 3, column 5: unexpected '}'; expected a value" or
    /// "jobs[2].guidance: expected a number, found a string".
    public var description: String {
        switch self {
        case .syntax(let error): return error.description
        case .content(let error): return error.description
        }
    }
}
