/// One JSON value, for `JSONTreeDecoder`; scalars convert through `JSONScalar`.
struct JSONSingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let options: JSONValueDecoder

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try JSONScalar.bool(value, codingPath, options) }
    func decode(_ type: String.Type) throws -> String { try JSONScalar.string(value, codingPath, options) }
    func decode(_ type: Double.Type) throws -> Double { try JSONScalar.floating(type, value, codingPath, options) }
    func decode(_ type: Float.Type) throws -> Float { try JSONScalar.floating(type, value, codingPath, options) }
    func decode(_ type: Int.Type) throws -> Int { try JSONScalar.integer(type, value, codingPath, options) }
    func decode(_ type: Int8.Type) throws -> Int8 { try JSONScalar.integer(type, value, codingPath, options) }
    func decode(_ type: Int16.Type) throws -> Int16 { try JSONScalar.integer(type, value, codingPath, options) }
    func decode(_ type: Int32.Type) throws -> Int32 { try JSONScalar.integer(type, value, codingPath, options) }
    func decode(_ type: Int64.Type) throws -> Int64 { try JSONScalar.integer(type, value, codingPath, options) }
    func decode(_ type: UInt.Type) throws -> UInt { try JSONScalar.integer(type, value, codingPath, options) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONScalar.integer(type, value, codingPath, options) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONScalar.integer(type, value, codingPath, options) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONScalar.integer(type, value, codingPath, options) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONScalar.integer(type, value, codingPath, options) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try options.decode(type, from: value, at: codingPath) }
}
