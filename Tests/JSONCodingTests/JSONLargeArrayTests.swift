import XCTest
@testable import JSONCoding

/// Large arrays are parsed on several cores (`parseLargeArray`): the split must give exactly the
/// sequential parser's value for valid text and exactly its error for invalid text. With a split
/// threshold of 0, every array of a few elements is split, so small documents exercise it.
final class JSONLargeArrayTests: XCTestCase {
    private func outcome(_ bytes: [UInt8], splitArraysFrom: Int) -> Result<JSONValue, JSONSyntaxError> {
        bytes.withUnsafeBytes { raw in
            do throws(JSONSyntaxError) {
                return .success(try JSONParser.parse(raw, splitArraysFrom: splitArraysFrom))
            } catch {
                return .failure(error)
            }
        }
    }

    private func assertSameAsSequential(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let split = outcome(bytes, splitArraysFrom: 0)
        let sequential = outcome(bytes, splitArraysFrom: Int.max)
        XCTAssertEqual(split, sequential, "for \(String(decoding: bytes, as: UTF8.self))", file: file, line: line)
    }

    func testHandWrittenArraysParseAsInSequence() {
        let texts = [
            #"[1, 2, 3, 4, 5, 6, 7, 8]"#,
            #"{"takes": [{"a": "x,]}"}, {"b": [1, [2, 3]]}, "\"],[", "\\", 5, null, true, {"c": {}}]}"#,
            #"[[], [[]], {}, [{}], "", " ", "\u005d", 0]"#,
            // Invalid ones: each must fail with the sequential parser's message and position.
            #"[1, 2, , 4, 5, 6]"#,
            #"[1, 2, 3, 4, 5, 6,]"#,
            #"[1, 2, 3, 4 5, 6]"#,
            #"[1, 2, 3, {"a": 1, "a": 2}, 5, 6]"#,
            #"[1, 2, 3, 4, 5, "six]"#,
            #"[1, 2, 3, 4, 5, 6"#,
            #"[1, {2}, 3, 4, 5, 6]"#,
            #"[1, [2, 3}, 4, 5, 6]"#,
            #"[1, 2, 3, 4, 5, 6]]"#,
            #"[1, 2, 3, 4, 5, 6] x"#,
            "[1, 2, 3, \"\u{1}\", 5, 6]",
        ]
        for text in texts { assertSameAsSequential(Array(text.utf8)) }
        XCTAssertEqual(try? outcome(Array(#"[1, 2, 3, 4, 5, 6, 7, 8]"#.utf8), splitArraysFrom: 0).get(),
                       .array((1...8).map { .int($0) }))
    }

    func testDeepNestingIsRefusedInPiecesToo() {
        let deep = "[" + Array(repeating: "1", count: 6).joined(separator: ",") + ","
            + String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth) + "]"
        assertSameAsSequential(Array(deep.utf8))
        guard case .failure(let error) = outcome(Array(deep.utf8), splitArraysFrom: 0) else {
            return XCTFail("nesting deeper than the limit was accepted")
        }
        XCTAssertTrue(error.message.contains("nesting deeper"), error.message)
    }

    /// Random documents and random damage to them (a byte dropped, changed or repeated) parse,
    /// or fail, the same way split and in sequence.
    func testRandomDocumentsAndDamagedOnesParseAsInSequence() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"[]{}",:\ az09-.eE"#.utf8) + [0x0A, 0xC3, 0xA9, 0x01]
        for _ in 0..<3000 {
            let document = Array(randomArray(depth: 0, using: &generator).utf8)
            assertSameAsSequential(document)
            var damaged = document
            let position = Int.random(in: 0..<damaged.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: damaged.remove(at: position)
            case 1: damaged[position] = alphabet.randomElement(using: &generator) ?? 0x20
            default: damaged.insert(damaged[position], at: position)
            }
            assertSameAsSequential(damaged)
        }
    }

    private func randomArray(depth: Int, using generator: inout SystemRandomNumberGenerator) -> String {
        let count = Int.random(in: 0...9, using: &generator)
        return "[" + (0..<count).map { _ in randomValue(depth: depth + 1, using: &generator) }.joined(separator: ", ") + "]"
    }

    private func randomValue(depth: Int, using generator: inout SystemRandomNumberGenerator) -> String {
        switch Int.random(in: 0..<(depth < 3 ? 6 : 4), using: &generator) {
        case 0: return String(Int.random(in: -1000...1000, using: &generator))
        case 1: return ["true", "false", "null", "-0.5e3"].randomElement(using: &generator) ?? "null"
        case 2: return ["\"\"", #""a,b""#, #""]}""#, #""\"[""#, #""\\""#, #""\u0041""#, "\"é\""].randomElement(using: &generator) ?? "\"\""
        case 3: return "\"k\(Int.random(in: 0...9, using: &generator))\""
        case 4: return randomArray(depth: depth, using: &generator)
        default:
            let keys = Set((0..<Int.random(in: 0...4, using: &generator)).map { _ in Int.random(in: 0...5, using: &generator) })
            return "{" + keys.map { "\"k\($0)\": \(randomValue(depth: depth + 1, using: &generator))" }.joined(separator: ", ") + "}"
        }
    }
}
