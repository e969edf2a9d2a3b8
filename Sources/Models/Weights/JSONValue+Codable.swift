/// Lets a `JSONValue` sit inside any Codable type (a config kept undecoded) and go through any
/// encoder or decoder, not only `JSONValueDecoder`.
extension JSONValue: Codable {
    public init(from decoder: Decoder) throws {
        if let direct = decoder as? JSONValueDecoder {
            self = direct.value
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !array.isAtEnd { items.append(try array.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        if let object = try? decoder.container(keyedBy: JSONCodingKey.self) {
            var members: [String: JSONValue] = [:]
            for key in object.allKeys { members[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null }
        else if let b = try? single.decode(Bool.self) { self = .bool(b) }
        else if let i = try? single.decode(Int.self) { self = .int(i) }
        else if let d = try? single.decode(Double.self) { self = .double(d) }
        else { self = .string(try single.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .int(let i):
            var c = encoder.singleValueContainer()
            try c.encode(i)
        case .double(let d):
            var c = encoder.singleValueContainer()
            try c.encode(d)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let members):
            var c = encoder.container(keyedBy: JSONCodingKey.self)
            for key in members.keys.sorted() {
                if let v = members[key] { try c.encode(v, forKey: JSONCodingKey(stringValue: key)) }
            }
        }
    }
}

extension JSONValue {
    /// Decodes this value into `T`. Errors are `DecodingError`s whose coding path starts at
    /// `codingPath` and whose description reads "expected an integer, found a string".
    public func decode<T: Decodable>(_ type: T.Type, codingPath: [CodingKey] = [],
                                     userInfo: [CodingUserInfoKey: Any] = [:]) throws -> T {
        try JSONValueDecoder(value: self, codingPath: codingPath, userInfo: userInfo).decode(type)
    }
}
