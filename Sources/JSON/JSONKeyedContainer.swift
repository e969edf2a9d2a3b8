/// The members of a JSON object, for `JSONTreeDecoder`. Keys the type does not ask for are
/// ignored, or reported after a strict decode (every key asked for is told to `unknownKeys`).
struct JSONKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]
    let options: JSONValueDecoder

    var allKeys: [Key] { members.keys.sorted().compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool {
        options.unknownKeys?.asked(key.stringValue, at: codingPath)
        return members[key.stringValue] != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        options.unknownKeys?.asked(key.stringValue, at: codingPath)
        return members[key.stringValue] ?? .null == .null
    }

    private func value(_ key: Key) throws -> JSONValue {
        options.unknownKeys?.asked(key.stringValue, at: codingPath)
        guard let value = members[key.stringValue] else {
            throw JSONValueError(path: JSONPath(codingPath: codingPath + [key]), problem: JSONValueError.missingField)
        }
        return value
    }

    private func single(_ key: Key) throws -> JSONSingleValueContainer {
        JSONSingleValueContainer(value: try value(key), codingPath: codingPath + [key], options: options)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try single(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try single(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try single(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try single(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try single(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try single(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try single(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try single(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try single(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try single(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try single(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try single(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try single(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try single(key).decode(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try options.decode(type, from: try value(key), at: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type,
                                               forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONTreeDecoder(value: try value(key), codingPath: codingPath + [key], options: options)
            .container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONTreeDecoder(value: try value(key), codingPath: codingPath + [key], options: options).unkeyedContainer()
    }

    /// Foundation's convention: a superclass's fields sit under the key "super".
    func superDecoder() throws -> any Decoder {
        let key = JSONCodingKey(stringValue: "super")
        options.unknownKeys?.asked(key.stringValue, at: codingPath)
        return JSONTreeDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key], options: options)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        options.unknownKeys?.asked(key.stringValue, at: codingPath)
        return JSONTreeDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key], options: options)
    }
}
