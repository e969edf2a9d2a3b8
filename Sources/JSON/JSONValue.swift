// JSONCoding: the project's one JSON stack, strict and exact, with errors a person can act on.
// Models re-exports it (`@_exported import JSONCoding`), so every target that imports Models has it.
//
//   Parse:   JSONParser.parse(bytes) throws(JSONSyntaxError) -> JSONValue     (line, column, reason)
//   Decode:  JSONValueDecoder().decode(T.self, from: "text" or [UInt8]) throws(JSONDocumentError) -> T
//            JSONValueDecoder().decode(T.self, from: JSONValue, at: path) throws(JSONValueError) -> T
//            JSONValueDecoder(rejectsUnknownKeys: true)  — an unknown key fails at its path
//            (dateFormat:, defaults via setDefaults(_:for:), userInfo:)
//   Encode:  JSONValueEncoder(dateFormat:).encode(value) throws(JSONValueError) -> JSONValue
//            JSONValueEncoder().encodeText(value, style: .pretty) -> String
//   Write:   JSONWriter.text(value, style: .compact | .pretty) -> String  (keys always sorted)
//            JSONWriter.quoted(string) -> a JSON string literal
//   Errors:  JSONSyntaxError (not JSON), JSONValueError (path + problem: "jobs[1].seed: expected an
//            integer, found a string"), JSONDocumentError (either, from the text entry points).
//
// The parser, JSONValue and the decoder build without Foundation's JSON types, so fuzz/run.sh
// can compile them alone with a parser under test.

/// A parsed JSON document, kept as a value so that parts of it (a network's `config`) can be
/// decoded later into a type that the parser does not know about.
///
/// Numbers come in two cases. `.int` holds an integer literal that fits `Int`, read without going
/// through text: shapes, offsets and sample rates, where `3.5` must not pass for `3`. `.number`
/// holds every other number as its literal text, already checked against the JSON grammar and
/// known to fit a Double: fractions, exponents, and integers beyond `Int` such as a UInt64 seed
/// of 18446744073709551615. Keeping the text lets `JSONValueDecoder` convert to the target type
/// exactly (a Float from "0.1", not from the Double nearest 0.1).
///
/// The parser never writes `.number` for an integer literal that fits `Int`, and equality
/// compares numbers by value, so `.int(3) == .number("3.0")`.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The kind of value with its article, telling integer literals apart from other numbers,
    /// for formats that allow only integers there ("shape[0] is a number", "dtype is an integer").
    public var kindDescription: String {
        switch self {
        case .int: return "an integer"
        default: return typeDescription
        }
    }

    /// JSON's own name for the value's type, with its article: what a person editing the file
    /// sees ("expected a string, found a number").
    public var typeDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value of an integer literal that fits `Int`.
    public var intValue: Int? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// The value of any number, integer or not, rounded to the nearest Double.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .number(let text): return Double(text)
        default: return nil
        }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// Keys of `defaults` that this object lacks are filled in, recursively into objects both
    /// sides have; non-objects are returned unchanged. Used so that a file written before a field
    /// existed still decodes, with that field at its default.
    public func filling(defaults: JSONValue) -> JSONValue {
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

extension JSONValue: Equatable {
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case (.int, .number), (.number, .int), (.number, .number): return sameNumber(a, b)
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x == y
        default: return false
        }
    }

    /// Whole numbers compare exactly (two UInt64 seeds that share a Double are still different);
    /// others by their Double value, so "1e-05" and "0.00001" are one number.
    private static func sameNumber(_ a: JSONValue, _ b: JSONValue) -> Bool {
        func whole(_ v: JSONValue) -> String? {
            switch v {
            case .int(let i): return String(i)
            case .number(let text): return JSONNumberLiteral.wholeDigits(text)
            default: return nil
            }
        }
        if let x = whole(a), let y = whole(b) { return x == y }
        if whole(a) != nil || whole(b) != nil { return false }
        return a.doubleValue == b.doubleValue
    }
}
