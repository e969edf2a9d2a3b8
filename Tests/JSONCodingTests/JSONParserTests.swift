import XCTest
@testable import JSONCoding

/// The JSON parser under the safetensors header and bundle.json.
final class JSONParserTests: XCTestCase {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    func syntaxError(_ text: String) -> JSONSyntaxError? {
        do { _ = try parse(text); return nil } catch let e as JSONSyntaxError { return e } catch { return nil }
    }

    func testNumbers() throws {
        XCTAssertEqual(try parse("0"), .int(0))
        XCTAssertEqual(try parse("-0"), .int(0))
        XCTAssertEqual(try parse("9223372036854775807"), .int(Int.max))
        XCTAssertEqual(try parse("-9223372036854775808"), .int(Int.min))
        XCTAssertEqual(try parse("9223372036854775808"), .number("9223372036854775808"))
        XCTAssertEqual(try parse("2.5e-3"), .number("2.5e-3"))
        XCTAssertEqual(try parse("1E2"), .number("1E2"))
        XCTAssertEqual(try parse("-1.0"), .number("-1.0"))
        for bad in ["01", "-", "1.", ".5", "1e", "+1", "1e999", "0x10", "NaN", "Infinity"] {
            XCTAssertNotNil(syntaxError(bad), bad)
        }
    }

    func testStrings() throws {
        XCTAssertEqual(try parse(#""a\"b\\c\/d\b\f\n\r\t""#), .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        XCTAssertEqual(try parse(#""\u00e9\u20AC\ud83d\ude00""#), .string("é€😀"))
        XCTAssertEqual(try parse("\"é😀\""), .string("é😀"))
        XCTAssertEqual(syntaxError(#""\ud83d""#)?.message, "unpaired surrogate in \\u escape")
        XCTAssertEqual(syntaxError(#""\ude00""#)?.message, "unpaired surrogate in \\u escape")
        XCTAssertEqual(syntaxError(#""\x""#)?.message, "invalid escape \\'x'")
        XCTAssertEqual(syntaxError("\"a\nb\"")?.message, "control character 0xa inside a string; escape it")
        XCTAssertEqual(syntaxError("\"abc")?.message, "unterminated string")
        let invalidUTF8: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        XCTAssertThrowsError(try JSONParser.parse(invalidUTF8))
    }

    func testStructure() throws {
        XCTAssertEqual(try parse(" { \"a\" : [ 1 , true , null , { } , [ ] ] } \n"),
                       .object(["a": .array([.int(1), .bool(true), .null, .object([:]), .array([])])]))
        for bad in ["", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "[1 2]", "tru", "nul", "{} {}"] {
            XCTAssertNotNil(syntaxError(bad), bad)
        }
        XCTAssertEqual(syntaxError("{\"k\":1,\"k\":2}")?.message, "duplicate key \"k\"")
    }

    func testNestingIsBounded() throws {
        let ok = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        XCTAssertNoThrow(try parse(ok))
        let deep = String(repeating: "[", count: 100_000)
        XCTAssertEqual(syntaxError(deep)?.message, "nesting deeper than \(JSONParser.maximumDepth) levels")
    }

    func testWriterQuotesLikeJSON() throws {
        let s = "a\"b\\c\n\u{01}é"
        XCTAssertEqual(JSONWriter.quoted(s), #""a\"b\\c\n\u0001é""#)
        XCTAssertEqual(try parse(JSONWriter.quoted(s)), .string(s))
    }
}
