import Foundation

/// How `JSONValueDecoder` reads and `JSONValueEncoder` writes `Date` values: as strings in one
/// documented format, with an example in the error when one does not parse. Without one, a Date
/// is written and read the way Foundation does by default (seconds since 2001 as a number).
public struct JSONDateFormat: Sendable {
    /// The format with its article, for errors: "an ISO 8601 date".
    public var name: String
    /// A valid date in this format, for errors: "2024-05-01T12:30:00.000Z".
    public var example: String
    /// Nil for text that is not a date in this format.
    public var parse: @Sendable (String) -> Date?
    /// The text for a date; nil for a format that is only read.
    public var format: (@Sendable (Date) -> String)?

    public init(name: String, example: String, parse: @escaping @Sendable (String) -> Date?,
                format: (@Sendable (Date) -> String)? = nil) {
        self.name = name; self.example = example; self.parse = parse; self.format = format
    }
}
