/// The project's one JSON parser: strict RFC 8259 over bytes, with no I/O and no Foundation, so
/// that it can be fuzzed (fuzz/run.sh builds it alone with the safetensors header parser).
///
/// Used for safetensors headers, bundle.json, session files and favourite sidecars. Foundation's
/// `JSONSerialization` is not used because on Linux its errors carry neither position nor reason,
/// it accepts duplicate keys (a safetensors header with two entries of one name is ambiguous), and
/// it turns every number into a Double (a UInt64 seed would lose its low bits).
///
/// Strict: no comments, no trailing commas, no duplicate keys, valid UTF-8 only, numbers that fit
/// a Double, and a nesting limit so that hostile input cannot exhaust the stack. A leading UTF-8
/// byte order mark is tolerated because some editors add one. Errors give line, column, byte
/// offset and what was expected.
public struct JSONParser {
    /// Deeper documents are refused; bundle.json, safetensors headers and sessions nest 3-5 levels.
    public static let maximumDepth = 128

    /// Arrays longer than this many bytes are parsed on all cores (see `parseLargeArray`).
    static let parallelArrayBytes = 1 << 20

    let bytes: UnsafeRawBufferPointer
    var index = 0
    var depth = 0
    /// Arrays of at least this many bytes are split between cores; `Int.max` in the parsers
    /// that parse the pieces, so that only the outermost large array is split.
    var splitArraysFrom: Int
    /// The members of the objects being read, innermost last (see `parseObject`).
    private var pending: [(key: String, value: JSONValue, keyStart: Int)] = []

    init(_ bytes: UnsafeRawBufferPointer, splitArraysFrom: Int = Int.max) {
        self.bytes = bytes
        self.splitArraysFrom = splitArraysFrom
    }

    /// Parses one JSON value that may be surrounded by whitespace.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
        try parse(bytes, splitArraysFrom: parallelArrayBytes)
    }

    /// `parse`, with arrays of at least `splitArraysFrom` bytes parsed on all cores (tests use a
    /// small value to exercise the split on small documents).
    static func parse(_ bytes: UnsafeRawBufferPointer, splitArraysFrom: Int) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes, splitArraysFrom: splitArraysFrom)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { parser.index = 3 }
        parser.skipWhitespace()
        if parser.atEnd { throw parser.error("the JSON text is empty; expected a value") }
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if !parser.atEnd { throw parser.error("unexpected \(parser.describeCurrent()) after the JSON value") }
        return value
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        // Typed throws cannot cross `withUnsafeBytes`'s rethrows, so carry the result out.
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBytes { raw in
            do throws(JSONSyntaxError) { return .success(try parse(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    var atEnd: Bool { index >= bytes.count }
    private var current: UInt8 { bytes[index] }

    func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    mutating func skipWhitespace() {
        var position = index
        defer { index = position }
        let count = bytes.count
        while position < count {
            switch bytes[position] {
            case 0x20:
                position += 1
                // Indentation: a written session is mostly runs of spaces; eight at a time.
                while position + 8 <= count,
                      bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self) == 0x2020_2020_2020_2020 {
                    position += 8
                }
            case 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard !atEnd else { throw error("unexpected end of text; expected a value") }
        switch current {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected \(describeCurrent()); expected a value")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in expected {
            guard peek(byte) else { throw error("unexpected \(describeCurrent()); expected \(literal)") }
            index += 1
        }
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1  // {
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { index += 1; return .object([:]) }
        // Members wait on a stack shared by all objects being read, and go into a dictionary of
        // their exact count at the end: growing each object's dictionary from a guess allocated
        // several times what a session's 300,000 small objects need (issue #17).
        let base = pending.count
        defer { pending.removeSubrange(base...) }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else {
                throw error("unexpected \(describeCurrent()); expected a key in double quotes")
            }
            let keyStart = index
            let key = try parseString()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error("unexpected \(describeCurrent()); expected ':' after the key") }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            pending.append((key, value, keyStart))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { index += 1; continue }
            if peek(UInt8(ascii: "}")) { index += 1; break }
            throw error("unexpected \(describeCurrent()); expected ',' or '}'")
        }
        var members = [String: JSONValue](minimumCapacity: pending.count - base)
        for (key, value, keyStart) in pending[base...] {
            // One hash lookup per member: a large safetensors header is mostly this loop.
            if members.updateValue(value, forKey: key) != nil {
                throw error("duplicate key \"\(key)\"", at: keyStart)
            }
        }
        return .object(members)
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        if bytes.count - index >= splitArraysFrom, let elements = parseLargeArray() { return .array(elements) }
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { index += 1; continue }
            if peek(UInt8(ascii: "]")) { index += 1; return .array(elements) }
            throw error("unexpected \(describeCurrent()); expected ',' or ']'")
        }
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        let quote = index
        index += 1  // opening quote
        let start = index
        // Fast path, taken by nearly every key and tensor name: no escapes, so the bytes between
        // the quotes are the string's UTF-8.
        var highBits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                let string: String
                if highBits < 0x80 {
                    // All ASCII, so already valid: the generic validating initializer cost a
                    // quarter of opening a 100,000-take session (issue #17).
                    string = String(decoding: raw, as: UTF8.self)
                } else {
                    guard let valid = String(validating: raw, as: UTF8.self) else {
                        throw error("string is not valid UTF-8", at: quote)
                    }
                    string = valid
                }
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacter(byte) }
            highBits |= byte
            index += 1
        }
        var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while true {
            guard !atEnd else { throw error("unterminated string") }
            let byte = current
            if byte == UInt8(ascii: "\"") { index += 1; break }
            if byte < 0x20 { throw controlCharacter(byte) }
            index += 1
            if byte == UInt8(ascii: "\\") {
                try parseEscape(into: &utf8)
            } else {
                utf8.append(byte)
            }
        }
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw error("string is not valid UTF-8", at: quote)
        }
        return string
    }

    private func controlCharacter(_ byte: UInt8) -> JSONSyntaxError {
        error("control character 0x\(String(byte, radix: 16)) inside a string; escape it")
    }

    /// Reads what follows a backslash.
    private mutating func parseEscape(into utf8: inout [UInt8]) throws(JSONSyntaxError) {
        guard !atEnd else { throw error("unterminated escape sequence") }
        let escape = current
        index += 1
        switch escape {
        case UInt8(ascii: "\""): utf8.append(0x22)
        case UInt8(ascii: "\\"): utf8.append(0x5C)
        case UInt8(ascii: "/"): utf8.append(0x2F)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw error("unpaired surrogate in \\u escape") }
                index += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in \\u escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw error("unpaired surrogate in \\u escape")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
            utf8.append(contentsOf: String(Character(unicode)).utf8)
        default:
            index -= 1
            throw error("invalid escape \\\(describeCurrent())")
        }
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("\\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = current
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("\\u needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// number = [ "-" ] int [ frac ] [ exp ]; int = "0" / digit1-9 *digit
    ///
    /// Integers that fit `Int` become `.int`, accumulated as the digits go by: a safetensors
    /// header is mostly shapes and offsets, and building a String for each was most of a large
    /// header's parse time. Every other number keeps its text (`.number`), so that a UInt64 seed
    /// or a Float guidance scale converts to its type exactly, without a detour through Double.
    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        let negative = peek(UInt8(ascii: "-"))
        if negative { index += 1 }
        var magnitude = 0
        var fits = true
        if peek(UInt8(ascii: "0")) {
            index += 1
            if !atEnd && isDigit(current) { throw error("leading zeros are not allowed in numbers") }
        } else {
            guard !atEnd, isDigit(current) else { throw error("expected a digit") }
            while !atEnd && isDigit(current) {
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(current &- UInt8(ascii: "0")))
                fits = fits && !o1 && !o2
                magnitude = a
                index += 1
            }
        }
        var integral = true
        if peek(UInt8(ascii: ".")) {
            integral = false
            index += 1
            guard skipDigits() > 0 else { throw error("expected a digit after the decimal point") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            integral = false
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard skipDigits() > 0 else { throw error("expected a digit in the exponent") }
        }
        if integral && fits { return .int(negative ? -magnitude : magnitude) }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if integral, let exact = Int(text) { return .int(exact) }  // Int.min
        guard let real = Double(text), real.isFinite else {
            throw error("the number \(text) is out of range", at: start)
        }
        return .number(text)
    }

    private mutating func skipDigits() -> Int {
        let start = index
        while !atEnd && isDigit(current) { index += 1 }
        return index - start
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    func describeCurrent() -> String {
        guard !atEnd else { return "end of text" }
        let byte = current
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    /// An error at `offset` (default: the current byte). Line and column are counted only here,
    /// so that valid input pays nothing for them.
    private func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        let offset = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return JSONSyntaxError(offset: offset, line: line, column: offset - lineStart + 1, message: message)
    }
}
