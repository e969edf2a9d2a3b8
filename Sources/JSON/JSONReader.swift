/// A forward-only reader over the bytes of one JSON value, for the few documents read so often
/// that building their tree costs more than reading them: the takes of a session (issue #17: a
/// session of 100,000 takes holds 300,000 small objects, and a dictionary for each, with every
/// key hashed twice, was most of opening it).
///
/// The caller walks the value as it expects it to be (`object`, `string`, `value`) and stores
/// what it reads straight into its own fields. Every step uses the strict parser's own pieces,
/// so what the reader accepts is valid JSON, with one exception the caller must keep: it does
/// not refuse duplicate keys (it keeps no dictionary); a caller refuses a key it has seen.
///
/// A reader only ever answers "read" or "not read" (false or nil): anything unusual, an error
/// included, and the caller parses the value the ordinary way, which alone decides what is
/// valid and reports why not.
public struct JSONReader {
    private var parser: JSONParser
    private let end: Int

    /// A reader over `range` of `bytes` (the value with any whitespace around it), at `depth`
    /// levels of nesting in its document, so that the nesting limit holds as for the whole.
    public init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>, depth: Int) {
        parser = JSONParser(UnsafeRawBufferPointer(rebasing: bytes[range.clamped(to: 0..<bytes.count)]))
        parser.depth = depth
        end = parser.bytes.count
        parser.skipWhitespace()
    }

    /// Whether everything was read: only whitespace is left.
    public mutating func atEnd() -> Bool {
        parser.skipWhitespace()
        return parser.index == end
    }

    /// Whether the next value is `null`; reads it if so.
    public mutating func null() -> Bool {
        let index = parser.index
        guard index + 4 <= end, parser.bytes[index] == UInt8(ascii: "n"), parser.bytes[index + 1] == UInt8(ascii: "u"),
              parser.bytes[index + 2] == UInt8(ascii: "l"), parser.bytes[index + 3] == UInt8(ascii: "l") else { return false }
        parser.index += 4
        return true
    }

    /// The bytes of the next value, when it is a string of printable ASCII without escapes
    /// (an id, a date), so that it is read without building a String.
    public mutating func asciiString() -> UnsafeRawBufferPointer? {
        guard parser.peek(UInt8(ascii: "\"")) else { return nil }
        let start = parser.index + 1
        var index = start
        while index < end {
            let byte = parser.bytes[index]
            if byte == UInt8(ascii: "\"") {
                parser.index = index + 1
                return UnsafeRawBufferPointer(rebasing: parser.bytes[start..<index])
            }
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
            index += 1
        }
        return nil
    }

    /// The next value, when it is a string.
    public mutating func string() -> String? {
        guard parser.peek(UInt8(ascii: "\"")) else { return nil }
        return try? parser.parseString()
    }

    /// The next value, whatever it is, as a tree.
    public mutating func value() -> JSONValue? {
        try? parser.parseValue()
    }

    /// A key as it is in the text: printable ASCII without escapes (any other key and the
    /// reader declines the object).
    public struct Key {
        public let bytes: UnsafeRawBufferPointer

        public static func == (key: Key, name: StaticString) -> Bool {
            guard key.bytes.count == name.utf8CodeUnitCount else { return false }
            let expected = name.utf8Start
            for offset in 0..<key.bytes.count where key.bytes[offset] != expected[offset] { return false }
            return true
        }

        public func matches(_ utf8: [UInt8]) -> Bool {
            guard utf8.count == bytes.count else { return false }
            return utf8.withUnsafeBufferPointer { expected in
                for offset in 0..<bytes.count where bytes[offset] != expected[offset] { return false }
                return true
            }
        }

        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Reads the object that comes next: `member` is called with each key, in the order of the
    /// text, and must read that member's value (or answer false). False when the next value is
    /// no object, the object is not well formed, a key is not plain ASCII, or `member` answers
    /// false.
    public mutating func object(_ member: (inout JSONReader, Key) -> Bool) -> Bool {
        guard parser.peek(UInt8(ascii: "{")), (try? parser.enter()) != nil else { return false }
        defer { parser.depth -= 1 }
        parser.index += 1
        parser.skipWhitespace()
        if parser.peek(UInt8(ascii: "}")) { parser.index += 1; return true }
        while true {
            parser.skipWhitespace()
            guard let key = asciiString() else { return false }
            parser.skipWhitespace()
            guard parser.peek(UInt8(ascii: ":")) else { return false }
            parser.index += 1
            parser.skipWhitespace()
            guard member(&self, Key(bytes: key)) else { return false }
            parser.skipWhitespace()
            if parser.peek(UInt8(ascii: ",")) { parser.index += 1; continue }
            if parser.peek(UInt8(ascii: "}")) { parser.index += 1; return true }
            return false
        }
    }
}
