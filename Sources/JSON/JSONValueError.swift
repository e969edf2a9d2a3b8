/// A well-formed JSON document whose content does not fit the expected type: where, and what is
/// wrong there ("expected an integer, found a string"). Callers add the file
/// (`SessionError.invalidValue`, `WeightsError.invalidManifest`).
public struct JSONValueError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: JSONPath
    public var problem: String

    public init(path: JSONPath, problem: String) { self.path = path; self.problem = problem }

    /// A `DecodingError` thrown by a type's own `init(from:)`, with its coding path and message.
    public init(decodingError: DecodingError) {
        switch decodingError {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            self.init(path: JSONPath(codingPath: context.codingPath), problem: context.debugDescription)
        case .keyNotFound(let key, let context):
            self.init(path: JSONPath(codingPath: context.codingPath + [key]), problem: Self.missingField)
        @unknown default:
            self.init(path: JSONPath(), problem: "\(decodingError)")
        }
    }

    /// The one wording of a missing required field, wherever it is detected.
    public static let missingField = "missing field"

    public var description: String { "\(path): \(problem)" }
}
