/// Conversions from a JSON scalar to Swift scalars, shared by the three container kinds. Numbers
/// convert from their literal text, so every UInt64 seed and every Float written by
/// `JSONEncoder` reads back exactly.
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
        guard case .number(let text) = value else { throw options.mismatch(path, "an integer", value) }
        if let exact = T(text) { return exact }
        // 1e3 and 2.0 are integers written another way; accept them when exact.
        if let real = Double(text), real.rounded() == real, let exact = T(exactly: real) { return exact }
        let isIntegral = Double(text).map { $0.rounded() == $0 } ?? false
        let problem = isIntegral
            ? "expected an integer from \(T.min) to \(T.max), found \(text)"
            : "expected an integer, found \(text)"
        throw JSONValueError(path: JSONPath(codingPath: path), problem: problem)
    }

    static func floating<T: BinaryFloatingPoint & LosslessStringConvertible>(
        _ type: T.Type, _ value: JSONValue, _ path: [any CodingKey], _ options: JSONValueDecoder) throws -> T {
        guard case .number(let text) = value else { throw options.mismatch(path, "a number", value) }
        guard let real = T(text), real.isFinite else {
            throw JSONValueError(path: JSONPath(codingPath: path),
                                 problem: "the number \(text) is out of range for a \(T.self)")
        }
        return real
    }
}
