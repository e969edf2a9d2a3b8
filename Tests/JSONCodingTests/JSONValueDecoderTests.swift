import Foundation
import XCTest
@testable import JSONCoding

/// The shared JSON decoder: exact numbers, full paths in errors, defaults for missing fields.
final class JSONValueDecoderTests: XCTestCase {
    func value(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    func problem<T: Decodable>(_ type: T.Type, _ text: String) -> String? {
        do {
            _ = try value(text).decode(type)
            return nil
        } catch let error as JSONValueError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    func testIntegersAreExact() throws {
        XCTAssertEqual(try value("18446744073709551615").decode(UInt64.self), UInt64.max)
        XCTAssertEqual(try value("-9223372036854775808").decode(Int64.self), Int64.min)
        XCTAssertEqual(try value("5e1").decode(Int.self), 50)
        XCTAssertEqual(try value("-2.000").decode(Int.self), -2)
        XCTAssertEqual(try value("1.8446744073709551615e19").decode(UInt64.self), UInt64.max)
        // 2^53 + 1 written as a real: a detour through Double would give 2^53.
        XCTAssertEqual(try value("9007199254740993.0").decode(Int64.self), 9_007_199_254_740_993)
        XCTAssertEqual(problem(Int.self, "1.5"), "(top level): expected an integer, found 1.5")
        XCTAssertEqual(problem(Int.self, "1e-1"), "(top level): expected an integer, found 1e-1")
        XCTAssertEqual(problem(UInt8.self, "256"), "(top level): expected an integer from 0 to 255, found 256")
        XCTAssertEqual(problem(UInt8.self, "2.56e2"), "(top level): expected an integer from 0 to 255, found 2.56e2")
        XCTAssertEqual(problem(Int.self, "1e300"),
                       "(top level): expected an integer from \(Int.min) to \(Int.max), found 1e300")
        XCTAssertEqual(problem(Int.self, "\"3\""), "(top level): expected an integer, found a string")
    }

    func testWholeDigitsOfLiterals() {
        let cases: [(String, String?)] = [("0", "0"), ("-0.0", "0"), ("120e-1", "12"), ("1.5e1", "15"),
                                          ("0.05e2", "5"), ("1.25e1", nil), ("5e-1", nil), ("1e39", "1" + String(repeating: "0", count: 39)),
                                          ("1e40", nil), ("12", "12")]
        for (text, expected) in cases {
            XCTAssertEqual(JSONNumberLiteral.wholeDigits(text), expected, text)
        }
    }

    func testRealsConvertFromTheirText() throws {
        XCTAssertEqual(try value("0.1").decode(Float.self), Float("0.1"))
        XCTAssertEqual(try value("16777217").decode(Float.self), 16_777_216)
        XCTAssertEqual(try value("3").decode(Double.self), 3)
        XCTAssertEqual(problem(Float.self, "1e39"), "(top level): the number 1e39 is out of range for a Float")
        XCTAssertEqual(problem(Double.self, "true"), "(top level): expected a number, found a boolean")
    }

    struct Inner: Decodable, Equatable { let seed: UInt64 }
    struct Outer: Decodable, Equatable { let takes: [Inner] }

    func testErrorsNameTheFullPath() {
        XCTAssertEqual(problem(Outer.self, #"{"takes": [{"seed": 1}, {"seed": 2}, {"seed": "x"}]}"#),
                       "takes[2].seed: expected an integer, found a string")
        XCTAssertEqual(problem(Outer.self, #"{"takes": [{}]}"#), "takes[0].seed: missing field")
        XCTAssertEqual(problem(Outer.self, #"{"takes": 3}"#), "takes: expected an array, found a number")
        XCTAssertEqual(problem([String: [Int]].self, #"{"a": [1, null]}"#), "a[1]: expected an integer, found null")
    }

    func testPartsDecodeAtTheirPath() throws {
        let config = try value(#"{"channels": "8"}"#)
        let path = [JSONCodingKey(stringValue: "unet"), JSONCodingKey(stringValue: "config")]
        XCTAssertThrowsError(try config.decode([String: Int].self, codingPath: path)) { error in
            XCTAssertEqual("\(error)", "unet.config.channels: expected an integer, found a string")
        }
    }

    enum Mode: String, Decodable, CaseIterable { case fast, slow }

    func testEnumsListTheirValues() {
        XCTAssertEqual(problem([Mode].self, #"["fast", "medium"]"#), "[1]: expected one of fast, slow; found \"medium\"")
    }

    struct Settings: Codable, Equatable { var level = 3; var name = "x" }

    func testDefaultsFillMissingFields() throws {
        var decoder = JSONValueDecoder()
        decoder.setDefaults(try value(#"{"level": 3, "name": "x"}"#), for: Settings.self)
        XCTAssertEqual(try decoder.decode(Settings.self, from: try value(#"{"name": "y"}"#)), Settings(level: 3, name: "y"))
    }

    func testNumbersCompareByValue() throws {
        XCTAssertEqual(JSONValue.int(3), .number("3.0"))
        XCTAssertEqual(JSONValue.number("1e-05"), .number("0.00001"))
        XCTAssertNotEqual(JSONValue.number("18446744073709551615"), .number("18446744073709551614"))
        XCTAssertNotEqual(JSONValue.int(3), .number("3.5"))
        XCTAssertNotEqual(JSONValue.int(3), .string("3"))
    }

    func testValuesSurviveFoundationCoding() throws {
        let original = try value(#"{"seed": 18446744073709551615, "scale": 0.1, "n": -4, "tags": ["a", null, true]}"#)
        let data = try JSONEncoder().encode(original)
        XCTAssertEqual(try JSONDecoder().decode(JSONValue.self, from: data), original)
        XCTAssertEqual(try JSONParser.parse(Array(data)), original)
    }

    func testSyntaxErrorsGiveOffsetLineAndColumn() {
        XCTAssertThrowsError(try JSONParser.parse(Array("{\n  \"a\": [1,\n  ]}".utf8))) { error in
            guard let error = error as? JSONSyntaxError else { return XCTFail("\(error)") }
            XCTAssertEqual(error, JSONSyntaxError(offset: 15, line: 3, column: 3, message: "unexpected ']'; expected a value"))
            XCTAssertEqual(error.description, "line 3, column 3: unexpected ']'; expected a value")
        }
    }
}
