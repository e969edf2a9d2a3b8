extension JSONValueDecoder {
    /// Parses `text` (strictly: see `JSONParser`) and decodes it into `T`.
    public func decode<T: Decodable>(_ type: T.Type, from text: String) throws(JSONDocumentError) -> T {
        try decode(type, from: Array(text.utf8))
    }

    /// Parses UTF-8 `bytes` (strictly: see `JSONParser`) and decodes them into `T`.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(JSONDocumentError) -> T {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw .syntax(error) }
        do { return try decode(type, from: value) } catch { throw .content(error) }
    }
}
