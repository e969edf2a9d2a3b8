/// A coding key for any object member or array position met while decoding a `JSONValue`, and
/// for callers that decode a part of a document at its path (`unet.config`).
public struct JSONCodingKey: CodingKey, Sendable {
    public let stringValue: String
    public let intValue: Int?

    /// An object member.
    public init(stringValue: String) { self.stringValue = stringValue; intValue = nil }

    /// An array position, spelled like Foundation's so that `JSONPath` reads either the same way.
    public init(intValue: Int) { stringValue = "Index \(intValue)"; self.intValue = intValue }
}
