/// A parsed JSON document, kept exactly as written: numbers stay text so that a seed such as
/// 18446744073709551615 or a guidance scale such as 0.1 converts to its Swift type without a
/// detour through Double.
enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's literal text, already checked against the JSON number grammar.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// How an error message names this kind of value ("found a string").
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Keys of `defaults` that this object lacks are filled in, recursively into objects both
    /// sides have; non-objects are returned unchanged. Used so that a file written before a field
    /// existed still decodes, with that field at its default.
    func filling(defaults: JSONValue) -> JSONValue {
        guard case .object(var mine) = self, case .object(let theirs) = defaults else { return self }
        for (key, fallback) in theirs {
            if let present = mine[key] {
                mine[key] = present.filling(defaults: fallback)
            } else {
                mine[key] = fallback
            }
        }
        return .object(mine)
    }
}
