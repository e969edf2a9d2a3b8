/// The `Encoder` handed to `encode(to:)`, and its three containers; each writes into a
/// `JSONEncodingBox`, and nested values go back through `JSONValueEncoder.encode(_:into:at:)`
/// so that dates, URLs and floats get their JSON form at any depth.
struct JSONTreeEncoder: Encoder {
    let box: JSONEncodingBox
    let codingPath: [any CodingKey]
    let options: JSONValueEncoder
    var userInfo: [CodingUserInfoKey: Any] { options.userInfo.mapValues { $0 as Any } }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        box.becomeObject()
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<Key>(box: box, codingPath: codingPath, options: options))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        box.becomeArray()
        return JSONUnkeyedEncodingContainer(box: box, codingPath: codingPath, options: options)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueEncodingContainer(box: box, codingPath: codingPath, options: options)
    }
}

struct JSONKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONEncodingBox
    let codingPath: [any CodingKey]
    let options: JSONValueEncoder

    mutating func encodeNil(forKey key: Key) throws { box.member(key.stringValue).set(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.member(key.stringValue).set(.bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { box.member(key.stringValue).set(.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        box.member(key.stringValue).set(try JSONValueEncoder.number(value, codingPath + [key]))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        box.member(key.stringValue).set(try JSONValueEncoder.number(value, codingPath + [key]))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.member(key.stringValue).set(.int(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { box.member(key.stringValue).set(.int(Int(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { box.member(key.stringValue).set(.int(Int(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { box.member(key.stringValue).set(.int(Int(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { box.member(key.stringValue).set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { box.member(key.stringValue).set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { box.member(key.stringValue).set(.int(Int(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { box.member(key.stringValue).set(.int(Int(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { box.member(key.stringValue).set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { box.member(key.stringValue).set(JSONValueEncoder.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try options.encode(value, into: box.member(key.stringValue), at: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        JSONTreeEncoder(box: box.member(key.stringValue), codingPath: codingPath + [key], options: options)
            .container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        JSONTreeEncoder(box: box.member(key.stringValue), codingPath: codingPath + [key], options: options).unkeyedContainer()
    }

    /// Foundation's convention: a superclass's fields sit under the key "super".
    mutating func superEncoder() -> any Encoder {
        let key = JSONCodingKey(stringValue: "super")
        return JSONTreeEncoder(box: box.member(key.stringValue), codingPath: codingPath + [key], options: options)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        JSONTreeEncoder(box: box.member(key.stringValue), codingPath: codingPath + [key], options: options)
    }
}

struct JSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let box: JSONEncodingBox
    let codingPath: [any CodingKey]
    let options: JSONValueEncoder

    var count: Int { box.count }

    private var nextKey: JSONCodingKey { JSONCodingKey(intValue: count) }

    mutating func encodeNil() throws { box.element().set(.null) }
    mutating func encode(_ value: Bool) throws { box.element().set(.bool(value)) }
    mutating func encode(_ value: String) throws { box.element().set(.string(value)) }
    mutating func encode(_ value: Double) throws { box.element().set(try JSONValueEncoder.number(value, codingPath + [nextKey])) }
    mutating func encode(_ value: Float) throws { box.element().set(try JSONValueEncoder.number(value, codingPath + [nextKey])) }
    mutating func encode(_ value: Int) throws { box.element().set(.int(value)) }
    mutating func encode(_ value: Int8) throws { box.element().set(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { box.element().set(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { box.element().set(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { box.element().set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt) throws { box.element().set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt8) throws { box.element().set(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { box.element().set(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { box.element().set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt64) throws { box.element().set(JSONValueEncoder.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [nextKey]
        try options.encode(value, into: box.element(), at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [nextKey]
        return JSONTreeEncoder(box: box.element(), codingPath: path, options: options).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [nextKey]
        return JSONTreeEncoder(box: box.element(), codingPath: path, options: options).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [nextKey]
        return JSONTreeEncoder(box: box.element(), codingPath: path, options: options)
    }
}

struct JSONSingleValueEncodingContainer: SingleValueEncodingContainer {
    let box: JSONEncodingBox
    let codingPath: [any CodingKey]
    let options: JSONValueEncoder

    mutating func encodeNil() throws { box.set(.null) }
    mutating func encode(_ value: Bool) throws { box.set(.bool(value)) }
    mutating func encode(_ value: String) throws { box.set(.string(value)) }
    mutating func encode(_ value: Double) throws { box.set(try JSONValueEncoder.number(value, codingPath)) }
    mutating func encode(_ value: Float) throws { box.set(try JSONValueEncoder.number(value, codingPath)) }
    mutating func encode(_ value: Int) throws { box.set(.int(value)) }
    mutating func encode(_ value: Int8) throws { box.set(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { box.set(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { box.set(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { box.set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt) throws { box.set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt8) throws { box.set(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { box.set(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { box.set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: UInt64) throws { box.set(JSONValueEncoder.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try options.encode(value, into: box, at: codingPath) }
}
