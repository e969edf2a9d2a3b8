import Engine
import Foundation
import Models
@testable import Session
import XCTest

/// `Take.read(from:)` (a take read straight from its text, issue #17) reads exactly what the
/// strict parse and the decoder read, and declines (nil) everything else, including what the
/// strict parse refuses: it must never accept a take the long way would not.
final class TakeReadingTests: XCTestCase {
    private let plain = """
        {"id": "6F9619FF-8B86-D011-B42D-00C04FC964FF", "audioPath": "takes/take-1.wav", "sidecarPath": "takes/take-1.json",
         "created": "2024-05-01T12:30:00Z", "duration": 5, "favourite": true, "favouriteCopyPath": "favourites/a.wav",
         "note": "keep \\"this\\" \\u00e9t\\u00e9 \\ud83c\\udfb5", "rating": 4, "score": 0.2871,
         "recovered": "2024-05-02T08:00:00Z",
         "timings": {"encoding": 0.125, "prior": 1.5, "denoising": 12, "vocoding": 7.5e-1, "scoring": 0.004},
         "request": {"prompt": "rain on a tin roof, été", "mode": "prior", "seed": 4294967295, "guidance": 3.5,
                     "steps": 25, "negative": "hiss", "duration": 4, "loop": true, "prior-candidates": 2}}
        """

    private func readFast(_ text: String) -> Take? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { raw in
            var reader = JSONReader(raw, range: 0..<raw.count, depth: 2)
            guard let take = Take.read(from: &reader), reader.atEnd() else { return nil }
            return take
        }
    }

    private func readLong(_ text: String) -> Take? {
        guard let tree = try? JSONParser.parse(Array(text.utf8)) else { return nil }
        return try? VersionedDocument.decoder.decode(Take.self, from: tree, at: [])
    }

    /// The fast way declines or agrees; with `expectRead`, it must read it.
    private func assertAgrees(_ text: String, expectRead: Bool? = nil, file: StaticString = #filePath, line: UInt = #line) {
        let fast = readFast(text)
        if let expectRead { XCTAssertEqual(fast != nil, expectRead, "read? \(text)", file: file, line: line) }
        if let fast { XCTAssertEqual(fast, readLong(text), text, file: file, line: line) }
    }

    func testEveryFieldIsReadAsTheDecoderReadsIt() throws {
        assertAgrees(plain, expectRead: true)
        let take = try XCTUnwrap(readFast(plain))
        XCTAssertEqual(take.note, "keep \"this\" été 🎵")
        XCTAssertEqual(take.request.seed, UInt64(UInt32.max))
        XCTAssertEqual(take.timings.vocoding, 0.75)
        XCTAssertEqual(take.score, 0.2871)
        // Only what is required, and nulls for what may be left out.
        assertAgrees(#"{"id": "6F9619FF-8B86-D011-B42D-00C04FC964FF", "audioPath": "a.wav", "created": "2024-05-01T12:30:00Z", "request": {}}"#,
                     expectRead: true)
        assertAgrees(#"{"request": {"negative": null}, "note": null, "score": null, "timings": {}, "created": "2024-05-01T12:30:00Z","#
                     + #" "audioPath": "a.wav", "id": "6F9619FF-8B86-D011-B42D-00C04FC964FF", "newer": {"x": [1, {"y": null}]}}"#,
                     expectRead: true)
    }

    func testWhatTheLongWayRefusesOrReadsDifferentlyIsDeclined() {
        var refused: [String] = []
        func edit(_ old: String, _ new: String) { refused.append(plain.replacingOccurrences(of: old, with: new)) }
        let edits: [(String, String)] = [
            // Duplicate keys: the strict parser refuses them; the reader has no dictionary.
            (#""rating": 4"#, #""rating": 4, "rating": 5"#),
            (#""steps": 25"#, #""steps": 25, "steps": 30"#),
            (#""prior": 1.5"#, #""prior": 1.5, "prior": 2"#),
            (#""note""#, #""x": 1, "x": 2, "note""#),
            // Required members missing or null.
            (#""audioPath": "takes/take-1.wav","#, ""),
            (#""audioPath": "takes/take-1.wav""#, #""audioPath": null"#),
            (#""2024-05-01T12:30:00Z""#, #""yesterday""#),
            (#""6F9619FF"#, #""6F9619FG"#),
            // Values of the wrong type or out of range.
            (#""steps": 25"#, #""steps": -25"#),
            (#""steps": 25"#, #""steps": "25""#),
            (#""prompt""#, #""promt""#),
            (#""rating": 4"#, #""rating": 4.0"#),
            (#""favourite": true"#, #""favourite": 1"#),
            (#""timings": {"#, #""timings": {"total": 3, "#),
            (#""request": {"#, #""request": ["#),
            // Not JSON.
            (#""rating": 4"#, #""rating": 04"#),
            (#""note": "keep"#, "\"note\": \"\u{1}keep"),
            (#""note""#, #""note"#),
            ("}}", "},}"),
            (#""loop": true"#, #""loop": tru"#),
            (#""note": "#, #""note": nul"#),
        ]
        for (old, new) in edits { edit(old, new) }
        refused += [plain + " x", "[]", "", "null"]
        for text in refused {
            assertAgrees(text, expectRead: false)
        }
    }

    /// Unknown values nested past the parser's limit are refused as the parser refuses them.
    func testTheNestingLimitHolds() {
        let levels = JSONParser.maximumDepth - 2
        let deep = String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
        assertAgrees(plain.replacingOccurrences(of: #""note""#, with: #""x": \#(deep), "note""#), expectRead: false)
    }

    /// Random edits of a plain take: whatever the reader accepts, the long way reads the same.
    func testRandomEditsNeverReadDifferently() {
        var generator = SystemRandomNumberGenerator()
        let pieces = [",", "}", "{", "]", "null", "\"", "\\", ":", " ", "1", "-", "true", "\"rating\": 2", "\u{e9}", "\"x\""]
        let bytes = Array(plain.utf8)
        var read = 0
        for _ in 0..<3_000 {
            var edited = bytes
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let at = Int.random(in: 0..<edited.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: edited.remove(at: at)
                case 1: edited.insert(contentsOf: Array(pieces.randomElement(using: &generator)!.utf8), at: at)
                default: edited[at] = UInt8.random(in: 0x20...0x7E, using: &generator)
                }
            }
            guard let text = String(validating: edited, as: UTF8.self) else { continue }
            if readFast(text) != nil { read += 1 }
            assertAgrees(text)
        }
        XCTAssertGreaterThan(read, 0, "no edit was read at all: the comparison compared nothing")
    }
}
