/// Conversions from a JSON scalar to Swift scalars, shared by the three container kinds.
///
/// Integers are exact: `.int` converts when it fits the type; `.number` text converts directly
/// (a UInt64 seed beyond `Int.max`) or, when written another way ("5e1", "2.0"), through its
/// exact whole value. Reals convert from their text, so every Float written by `JSONEncoder`
/// reads back bit for bit.
enum JSONScalar {
    static func bool(_ value: JSONValue, _ path: [any CodingKey], _ options: JSONValueDecoder) throws -> Bool {
        guard case .bool(let flag) = value else { throw options.mismatch(path, "true or false", value) }
        return flag
    }

    static func string(_ value: JSONValue, _ path: [any CodingKey], _ options: JSONValueDecoder) throws -> String {
        guard case .string(let text) = value else { throw options.mismatch(path, "a string", value) }
        return text
    }

    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey],
                                              _ options: JSONValueDecoder) throws -> T {
        func outOfRange(_ text: String) -> JSONValueError {
            JSONValueError(path: JSONPath(codingPath: path),
                           problem: "expected an integer from \(T.min) to \(T.max), found \(text)")
        }
        switch value {
        case .int(let integer):
            guard let exact = T(exactly: integer) else { throw outOfRange("\(integer)") }
            return exact
        case .number(let text):
            if let exact = T(text) { return exact }
            if let whole = JSONNumberLiteral.wholeDigits(text) {
                guard let exact = T(whole) else { throw outOfRange(text) }
                return exact
            }
            // Far beyond every integer type, whatever its fraction (and too long for `wholeDigits`).
            if let real = Double(text), real.magnitude >= 1e30 { throw outOfRange(text) }
            throw JSONValueError(path: JSONPath(codingPath: path), problem: "expected an integer, found \(text)")
        default:
            throw options.mismatch(path, "an integer", value)
        }
    }

    static func floating<T: BinaryFloatingPoint & LosslessStringConvertible>(
        _ type: T.Type, _ value: JSONValue, _ path: [any CodingKey], _ options: JSONValueDecoder) throws -> T {
        switch value {
        case .int(let integer):
            return T(integer)
        case .number(let text):
            guard let real = T(text), real.isFinite else {
                throw JSONValueError(path: JSONPath(codingPath: path),
                                     problem: "the number \(text) is out of range for a \(T.self)")
            }
            return real
        default:
            throw options.mismatch(path, "a number", value)
        }
    }
}
