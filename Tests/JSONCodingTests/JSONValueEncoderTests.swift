import Foundation
import XCTest
@testable import JSONCoding

/// The encoder and the writer: exact numbers, Foundation's layout, errors that name the path,
/// and a round trip through the parser and decoder.
final class JSONValueEncoderTests: XCTestCase {
    private struct Inner: Codable, Equatable {
        var name: String
        var gain: Float
    }

    private enum Mode: String, Codable { case zeroShot = "zero-shot", prior }

    private struct Record: Codable, Equatable {
        var seed: UInt64
        var steps: Int
        var scale: Double
        var mode: Mode
        var tags: [String]
        var inner: Inner
        var note: String?
        var byName: [String: Int]
    }

    private let record = Record(seed: .max, steps: 50, scale: 2.5, mode: .zeroShot, tags: ["a/b", "é \"q\""],
                                inner: Inner(name: "x", gain: 0.1), note: nil, byName: ["b": 2, "a": 1])

    func testEncodesEveryKindOfValue() throws {
        let value = try JSONValueEncoder().encode(record)
        XCTAssertEqual(value, .object([
            "seed": .number("18446744073709551615"), "steps": .int(50), "scale": .number("2.5"),
            "mode": .string("zero-shot"), "tags": .array([.string("a/b"), .string("é \"q\"")]),
            "inner": .object(["name": .string("x"), "gain": .number("0.1")]),
            "byName": .object(["a": .int(1), "b": .int(2)]),
        ]))
    }

    func testRoundTripIsExact() throws {
        let text = try JSONValueEncoder().encodeText(record, style: .pretty)
        XCTAssertEqual(try JSONValueDecoder().decode(Record.self, from: text), record)
    }

    func testCompactTextSortsKeysAndEscapesOnlyWhatJSONNeeds() throws {
        XCTAssertEqual(try JSONValueEncoder().encodeText(record),
                       #"{"byName":{"a":1,"b":2},"inner":{"gain":0.1,"name":"x"},"mode":"zero-shot","#
                       + #""scale":2.5,"seed":18446744073709551615,"steps":50,"tags":["a/b","é \"q\""]}"#)
    }

    func testPrettyTextIsFoundationsLayout() {
        let value = JSONValue.object(["b": .array([.int(1), .object([:]), .array([])]), "a": .null, "c": .bool(true)])
        XCTAssertEqual(JSONWriter.text(value, style: .pretty), """
        {
          "a" : null,
          "b" : [
            1,
            {},
            []
          ],
          "c" : true
        }
        """)
    }

    func testFloatsUseTheShortestTextAndWholeOnesLookLikeIntegers() throws {
        let encoder = JSONValueEncoder()
        XCTAssertEqual(try encoder.encode(Float(0.1)), .number("0.1"))
        XCTAssertEqual(try encoder.encode(2.0), .int(2))
        XCTAssertEqual(try encoder.encode(-0.0), .int(0))
        XCTAssertEqual(try encoder.encode(1e-5), .number("1e-05"))
        XCTAssertEqual(try encoder.encode(1e40), .number("1e+40"))
        for real in [0.1, 1.0 / 3, 1e-300, 123456.789] {
            XCTAssertEqual(try JSONValueDecoder().decode(Double.self, from: JSONWriter.text(try encoder.encode(real))), real)
        }
    }

    func testNonFiniteNumbersAreErrorsAtTheirPath() {
        let bad = Inner(name: "x", gain: .nan)
        XCTAssertThrowsError(try JSONValueEncoder().encode(["takes": [bad]])) { error in
            XCTAssertEqual("\(error)", "takes[0].gain: nan cannot be written as JSON, which has no NaN or infinity")
        }
    }

    func testDatesURLsDataAndUUIDs() throws {
        let date = Date(timeIntervalSinceReferenceDate: 12.5)
        XCTAssertEqual(try JSONValueEncoder().encode(date), .number("12.5"))
        let format = JSONDateFormat(name: "a day", example: "d12", parse: { _ in nil }, format: { "d\(Int($0.timeIntervalSinceReferenceDate))" })
        XCTAssertEqual(try JSONValueEncoder(dateFormat: format).encode([date]), .array([.string("d12")]))
        XCTAssertEqual(try JSONValueEncoder().encode(URL(fileURLWithPath: "/tmp/a b.wav")), .string("file:///tmp/a%20b.wav"))
        XCTAssertEqual(try JSONValueEncoder().encode(Data([0, 1, 2])), .string("AAEC"))
        let id = try XCTUnwrap(UUID(uuidString: "3F2504E0-4F89-11D3-9A0C-0305E82C3301"))
        XCTAssertEqual(try JSONValueEncoder().encode(id), .string("3F2504E0-4F89-11D3-9A0C-0305E82C3301"))
    }

    func testJSONValuesPassThroughAndEmptyValuesAreEmptyObjects() throws {
        struct Nothing: Encodable { func encode(to encoder: Encoder) throws {} }
        let kept = JSONValue.object(["x": .number("1e2")])
        XCTAssertEqual(try JSONValueEncoder().encode(["config": kept]), .object(["config": kept]))
        XCTAssertEqual(try JSONValueEncoder().encode(Nothing()), .object([:]))
        XCTAssertEqual(JSONWriter.text(try JSONValueEncoder().encode(Nothing())), "{}")
    }
}
