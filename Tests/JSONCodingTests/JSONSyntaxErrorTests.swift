import XCTest
import JSONCoding

/// Line, column and reason of every kind of syntax error, as a person editing a file reads them.
final class JSONSyntaxErrorTests: XCTestCase {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    private func syntaxError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> JSONSyntaxError? {
        do {
            _ = try JSONParser.parse(bytes)
            XCTFail("expected a syntax error", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private func syntaxError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONSyntaxError? {
        syntaxError(Array(text.utf8), file: file, line: line)
    }

    func testValues() throws {
        XCTAssertEqual(try parse(#" {"a": [1, -0.5e-3, true, false, null, "x"], "b": {}} "#),
                       .object(["a": .array([.int(1), .number("-0.5e-3"), .bool(true), .bool(false), .null,
                                             .string("x")]), "b": .object([:])]))
        XCTAssertEqual(try parse("[]"), .array([]))
        XCTAssertEqual(try parse("0"), .int(0))
    }

    func testStringEscapes() throws {
        XCTAssertEqual(try parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83c\udfb5""#), .string("a\"b\\c/d\u{8}\u{C}\n\r\té🎵"))
        XCTAssertEqual(try parse("\"☔ rain\""), .string("☔ rain"))
    }

    func testByteOrderMarkIsTolerated() throws {
        XCTAssertEqual(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)), .array([.int(1)]))
    }

    func testSyntaxErrorsNameLineColumnAndReason() {
        let cases: [(String, Int, Int, String)] = [
            ("[1, 2,]", 1, 7, "unexpected ']'; expected a value"),
            ("{\"a\": 1,}", 1, 9, "unexpected '}'; expected a key in double quotes"),
            ("{\"a\" 1}", 1, 6, "unexpected '1'; expected ':' after the key"),
            ("[01]", 1, 3, "leading zeros are not allowed in numbers"),
            ("[1.]", 1, 4, "expected a digit after the decimal point"),
            ("[1e]", 1, 4, "expected a digit in the exponent"),
            ("[-]", 1, 3, "expected a digit"),
            ("[tru]", 1, 5, "unexpected ']'; expected true"),
            ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key \"a\""),
            ("[\"a\tb\"]", 1, 4, "control character 0x9 inside a string; escape it"),
            ("[\"\\x\"]", 1, 4, "invalid escape \\'x'"),
            ("[\"\\ud800\"]", 1, 9, "unpaired surrogate in \\u escape"),
            ("[\"abc", 1, 6, "unterminated string"),
            ("[1] 2", 1, 5, "unexpected '2' after the JSON value"),
            ("// comment\n{}", 1, 1, "unexpected '/'; expected a value"),
            ("\n\n  [1,\n   x]", 4, 4, "unexpected 'x'; expected a value"),
            ("   ", 1, 4, "the JSON text is empty; expected a value"),
        ]
        for (text, line, column, message) in cases {
            let error = syntaxError(text)
            XCTAssertEqual(error?.line, line, text)
            XCTAssertEqual(error?.column, column, text)
            XCTAssertEqual(error?.message, message, text)
        }
    }

    func testInvalidUTF8IsRefused() {
        XCTAssertEqual(syntaxError([0x22, 0xC3, 0x28, 0x22])?.message, "string is not valid UTF-8")
        XCTAssertEqual(syntaxError([0x22, 0xFF, 0x22])?.message, "string is not valid UTF-8")
        // After plain ASCII, which takes the parser's no-validation path: a lone lead byte, a
        // surrogate encoded in UTF-8, an overlong slash.
        XCTAssertEqual(syntaxError([0x22, 0x61, 0x62, 0xE0, 0x80, 0x22])?.message, "string is not valid UTF-8")
        XCTAssertEqual(syntaxError([0x22, 0x61, 0xED, 0xA0, 0x80, 0x22])?.message, "string is not valid UTF-8")
        XCTAssertEqual(syntaxError([0x22, 0x61, 0xC0, 0xAF, 0x22])?.message, "string is not valid UTF-8")
    }

    func testDeepNestingIsRefusedWithoutExhaustingTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertEqual(syntaxError(deep)?.message, "nesting deeper than \(JSONParser.maximumDepth) levels")
        let fine = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        XCTAssertNoThrow(try parse(fine))
    }
}
