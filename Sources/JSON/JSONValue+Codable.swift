/// Lets a `JSONValue` sit inside any Codable type (a config kept undecoded) and go through any
/// encoder or decoder, not only `JSONValueDecoder`.
extension JSONValue: Codable {
    public init(from decoder: Decoder) throws {
        if let tree = decoder as? JSONTreeDecoder {
            self = tree.value
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
        else if let u = try? single.decode(UInt64.self) { self = .number(String(u)) }
        else if let d = try? single.decode(Double.self) {
            // Swift prints finite Doubles in JSON's number grammar ("2.5", "1e-05", "1e+40").
            guard d.isFinite else {
                throw DecodingError.dataCorruptedError(in: single, debugDescription: "\(d) is not a JSON number")
            }
            self = .number("\(d)")
        }
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
        case .number(let text):
            var c = encoder.singleValueContainer()
            // An encoder takes typed numbers only: whole ones beyond Int as UInt64 when they fit,
            // the rest as the nearest Double.
            if let u = UInt64(text) {
                try c.encode(u)
            } else if let d = Double(text), d.isFinite {
                try c.encode(d)
            } else {
                throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath,
                                                             debugDescription: "\"\(text)\" is not a JSON number"))
            }
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
