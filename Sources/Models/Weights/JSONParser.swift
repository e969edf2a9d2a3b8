/// A strict RFC 8259 JSON parser over bytes, with no I/O, so that it can be fuzzed.
///
/// Written here rather than using Foundation's `JSONSerialization` so that integers stay
/// distinct from other numbers, duplicate keys are rejected (a safetensors header with two
/// entries of the same name is ambiguous), nesting depth is bounded (hostile input cannot
/// overflow the stack), and the parser builds without Foundation for the fuzz harness.
public struct JSONParser {
    /// Deeper documents are rejected; bundle.json and safetensors headers nest 3-5 levels.
    public static let maxDepth = 128

    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var depth = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Parses one JSON value that may be surrounded by whitespace.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
        var p = JSONParser(bytes)
        p.skipWhitespace()
        let value = try p.parseValue()
        p.skipWhitespace()
        if p.index != bytes.count { throw p.error("unexpected text after the JSON value") }
        return value
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        // Typed throws cannot cross `withUnsafeBytes`'s rethrows, so carry the result out.
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBytes { raw in
            do throws(JSONSyntaxError) { return .success(try parse(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: index, message: message)
    }

    private var atEnd: Bool { index >= bytes.count }
    private var current: UInt8 { bytes[index] }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard !atEnd else { throw error("unexpected end of JSON text") }
        switch current {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character \(describe(current))")
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONSyntaxError) {
        let w = UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes.count - index >= w.count, bytes[index..<(index + w.count)].elementsEqual(w) else {
            throw error("invalid literal (expected \(word))")
        }
        index += w.count
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1  // {
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if !atEnd && current == UInt8(ascii: "}") { index += 1; return .object(object) }
        while true {
            skipWhitespace()
            guard !atEnd, current == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard !atEnd, current == UInt8(ascii: ":") else { throw error("expected ':' after key") }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            if object.updateValue(value, forKey: key) != nil {
                throw JSONSyntaxError(offset: keyOffset, message: "duplicate key \"\(key)\"")
            }
            skipWhitespace()
            guard !atEnd else { throw error("unexpected end of JSON text inside an object") }
            if current == UInt8(ascii: ",") { index += 1; continue }
            if current == UInt8(ascii: "}") { index += 1; return .object(object) }
            throw error("expected ',' or '}' in an object, found \(describe(current))")
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1  // [
        var array: [JSONValue] = []
        skipWhitespace()
        if !atEnd && current == UInt8(ascii: "]") { index += 1; return .array(array) }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            guard !atEnd else { throw error("unexpected end of JSON text inside an array") }
            if current == UInt8(ascii: ",") { index += 1; continue }
            if current == UInt8(ascii: "]") { index += 1; return .array(array) }
            throw error("expected ',' or ']' in an array, found \(describe(current))")
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes, so the bytes between the quotes are the string's UTF-8.
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                guard let s = String(validating: slice, as: UTF8.self) else {
                    throw JSONSyntaxError(offset: start, message: "string is not valid UTF-8")
                }
                index += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("control character in a string") }
            index += 1
        }
        var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while true {
            guard !atEnd else { throw error("unterminated string") }
            let c = current
            if c == UInt8(ascii: "\"") { index += 1; break }
            if c < 0x20 { throw error("control character in a string") }
            if c != UInt8(ascii: "\\") { utf8.append(c); index += 1; continue }
            index += 1
            guard !atEnd else { throw error("unterminated escape") }
            let e = current
            index += 1
            switch e {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"): appendScalar(try parseUnicodeEscape(), to: &utf8)
            default:
                index -= 1
                throw error("invalid escape \\\(describe(e))")
            }
        }
        guard let s = String(validating: utf8, as: UTF8.self) else {
            throw JSONSyntaxError(offset: start, message: "string is not valid UTF-8")
        }
        return s
    }

    /// Reads the XXXX of `\uXXXX` (and a following low surrogate when it is a high one).
    private mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let high = try parseHex4()
        if (0xD800...0xDBFF).contains(high) {
            guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
                  bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("unpaired surrogate in \\u escape")
            }
            index += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate in \\u escape") }
            let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else { throw error("invalid \\u escape") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw error("unpaired surrogate in \\u escape") }
        return scalar
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = current
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v << 4 | UInt32(d)
            index += 1
        }
        return v
    }

    private func appendScalar(_ scalar: Unicode.Scalar, to utf8: inout [UInt8]) {
        utf8.append(contentsOf: UTF8.encode(scalar).map { Array($0) } ?? [])
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        var integral = true
        let negative = current == UInt8(ascii: "-")
        if negative { index += 1 }
        guard !atEnd, isDigit(current) else { throw error("invalid number") }
        // Accumulated as the digits go by: shapes and offsets are integers, and going through a
        // String for each was most of a large header's parse time.
        var magnitude = 0
        var fits = true
        if current == UInt8(ascii: "0") {
            index += 1
            if !atEnd && isDigit(current) { throw error("leading zero in a number") }
        } else {
            while !atEnd && isDigit(current) {
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(current - UInt8(ascii: "0")))
                fits = fits && !o1 && !o2
                magnitude = a
                index += 1
            }
        }
        if !atEnd && current == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard !atEnd, isDigit(current) else { throw error("expected a digit after '.'") }
            while !atEnd && isDigit(current) { index += 1 }
        }
        if !atEnd && (current == UInt8(ascii: "e") || current == UInt8(ascii: "E")) {
            integral = false
            index += 1
            if !atEnd && (current == UInt8(ascii: "+") || current == UInt8(ascii: "-")) { index += 1 }
            guard !atEnd, isDigit(current) else { throw error("expected a digit in the exponent") }
            while !atEnd && isDigit(current) { index += 1 }
        }
        if integral && fits { return .int(negative ? -magnitude : magnitude) }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if integral, let i = Int(text) { return .int(i) }  // Int.min
        guard let d = Double(text), d.isFinite else {
            throw JSONSyntaxError(offset: start, message: "number \(text) is out of range")
        }
        return .double(d)
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private func describe(_ c: UInt8) -> String {
        (0x21...0x7E).contains(c) ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16))"
    }
}
