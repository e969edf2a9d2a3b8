/// A `Decoder` over an already parsed `JSONValue`.
///
/// Used instead of Foundation's JSONDecoder so that a section of bundle.json (a network's
/// config) can be decoded on its own, later, with errors that name its full JSON path, and so
/// that integers are strict: `3.0` or `"3"` is not an integer.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [CodingKey]
    let userInfo: [CodingUserInfoKey: Any]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch(expected: "an object", [String: JSONValue].self) }
        return KeyedDecodingContainer(JSONValueKeyedContainer<Key>(members: members, decoder: self))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch(expected: "an array", [JSONValue].self) }
        return JSONValueUnkeyedContainer(items: items, decoder: self)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        JSONValueSingleValueContainer(decoder: self)
    }

    /// A decoder one level down, at `key`.
    func child(_ value: JSONValue, key: CodingKey) -> JSONValueDecoder {
        JSONValueDecoder(value: value, codingPath: codingPath + [key], userInfo: userInfo)
    }

    func mismatch(expected: String, _ type: Any.Type) -> DecodingError {
        let context = DecodingError.Context(codingPath: codingPath,
                                            debugDescription: "expected \(expected), found \(value.kindDescription)")
        if case .null = value { return .valueNotFound(type, context) }
        return .typeMismatch(type, context)
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // Primitives are decoded here so that nested values get the strict rules too.
        if type == JSONValue.self, let v = value as? T { return v }
        if let v = try decodePrimitive(type) { return v }
        return try T(from: self)
    }

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    private func decodePrimitive<T>(_ type: T.Type) throws -> T? {
        switch type {
        case is String.Type: return try decodeString() as? T
        case is Bool.Type: return try decodeBool() as? T
        case is Double.Type: return try decodeDouble() as? T
        case is Float.Type: return Float(try decodeDouble()) as? T
        case is Int.Type: return try decodeInteger(Int.self) as? T
        case is Int8.Type: return try decodeInteger(Int8.self) as? T
        case is Int16.Type: return try decodeInteger(Int16.self) as? T
        case is Int32.Type: return try decodeInteger(Int32.self) as? T
        case is Int64.Type: return try decodeInteger(Int64.self) as? T
        case is UInt.Type: return try decodeInteger(UInt.self) as? T
        case is UInt8.Type: return try decodeInteger(UInt8.self) as? T
        case is UInt16.Type: return try decodeInteger(UInt16.self) as? T
        case is UInt32.Type: return try decodeInteger(UInt32.self) as? T
        case is UInt64.Type: return try decodeInteger(UInt64.self) as? T
        default: return nil
        }
    }

    func decodeString() throws -> String {
        guard case .string(let s) = value else { throw mismatch(expected: "a string", String.self) }
        return s
    }

    func decodeBool() throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch(expected: "a boolean", Bool.self) }
        return b
    }

    func decodeDouble() throws -> Double {
        guard let d = value.doubleValue else { throw mismatch(expected: "a number", Double.self) }
        return d
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard case .int(let i) = value else { throw mismatch(expected: "an integer", T.self) }
        guard let v = T(exactly: i) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath,
                                                    debugDescription: "\(i) is out of range for \(T.self)"))
        }
        return v
    }
}
