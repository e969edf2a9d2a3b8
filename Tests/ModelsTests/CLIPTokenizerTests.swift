import Foundation
import XCTest
@testable import Models

/// Parity of `CLIPTokenizer` with the references on Tests/Fixtures/clip/prompts.txt.
/// Expected ids come from training/fixtures/gen_clip.py:
///   openai:      ids = tok(openai_clean(p))  # ftfy.fix_text, html.unescape x2, whitespace, lower
///   huggingface: ids = tok(p)                # transformers 5.x CLIPTokenizer, max_length=77, truncation
final class CLIPTokenizerTests: XCTestCase {
    struct Expected: Decodable {
        struct Case: Decodable { let text: String; let openai: [Int]; let huggingface: [Int] }
        let context_length: Int
        let cases: [Case]
    }

    static func mergesURL(file: StaticString = #filePath) -> URL {
        URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/vocab/bpe_simple_vocab_16e6.txt")
    }

    func loadExpected() throws -> Expected {
        let data = try Data(contentsOf: fixtureURL("clip/tokenizer_expected.json"))
        return try JSONDecoder().decode(Expected.self, from: data)
    }

    func testOpenAICleaningMatchesReferenceOnAllPrompts() throws {
        let tok = try CLIPTokenizer(contentsOf: Self.mergesURL(), cleaning: .openAI)
        let expected = try loadExpected()
        XCTAssertGreaterThanOrEqual(expected.cases.count, 300)
        var failures = 0
        for c in expected.cases {
            let ids = tok.encode(c.text)
            if ids != c.openai {
                failures += 1
                XCTFail("openai cleaning: \(c.text.debugDescription)\n got \(ids)\nwant \(c.openai)")
            }
        }
        XCTAssertEqual(failures, 0)
    }

    func testHuggingFaceCleaningMatchesReferenceOnAllPrompts() throws {
        let tok = try CLIPTokenizer(contentsOf: Self.mergesURL(), cleaning: .huggingFace)
        let expected = try loadExpected()
        for c in expected.cases {
            let ids = tok.encode(c.text)
            XCTAssertEqual(ids, c.huggingface, "huggingface cleaning: \(c.text.debugDescription)")
        }
    }

    func testKnownIdsAndFraming() throws {
        let tok = try CLIPTokenizer(contentsOf: Self.mergesURL())
        XCTAssertEqual(tok.startToken, 49406)
        XCTAssertEqual(tok.endToken, 49407)
        // >>> CLIPTokenizer.from_pretrained("openai/clip-vit-large-patch14")("a photo of a cat").input_ids
        XCTAssertEqual(tok.encode("a photo of a cat"), [49406, 320, 1125, 539, 320, 2368, 49407])
        XCTAssertEqual(tok.encode(""), [49406, 49407])
        XCTAssertEqual(tok.encode("   \t\n "), [49406, 49407])
        let long = tok.encode(String(repeating: "dog ", count: 200))
        XCTAssertEqual(long.count, 77)
        XCTAssertEqual(long.first, 49406)
        XCTAssertEqual(long.last, 49407)
        let padded = tok.encodePadded("a dog")
        XCTAssertEqual(padded.ids.count, 77)
        XCTAssertEqual(Array(padded.ids.prefix(4)), [49406, 320, 1929, 49407])
        XCTAssertEqual(padded.ids[4], 49407)
        XCTAssertEqual(padded.mask.reduce(0, +), 4)
        XCTAssertEqual(tok.encodePadded("a dog", padToken: 0).ids[76], 0)
    }

    func testFullAndHuggingFaceMergesLayoutsLoad() throws {
        let data = try [UInt8](Data(contentsOf: Self.mergesURL()))
        let reference = try CLIPTokenizer.parse(merges: data, source: "trimmed")
        // Hugging Face's merges.txt: '#version: 0.2' then the same merges.
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        lines[0] = "#version: 0.2"
        let hf = try CLIPTokenizer.parse(merges: Array(lines.joined(separator: "\n").utf8), source: "merges.txt")
        // The full upstream file has 213,250 more merges after the ones CLIP reads.
        let full = try CLIPTokenizer.parse(merges: data + Array("extra merge\nmore lines\n".utf8), source: "full")
        for text in ["a photo of a cat", "rock &amp; roll", "東京の雑踏 🎸"] {
            XCTAssertEqual(hf.encode(text), reference.encode(text))
            XCTAssertEqual(full.encode(text), reference.encode(text))
        }
    }

    func testMalformedMergesFilesThrowTypedErrors() throws {
        let data = try [UInt8](Data(contentsOf: Self.mergesURL()))
        XCTAssertThrowsError(try CLIPTokenizer.parse(merges: [0x1F, 0x8B, 0x08, 0xFF, 0xFE], source: "x.gz")) {
            XCTAssertEqual($0 as? CLIPTokenizerError, .notUTF8(source: "x.gz"))
        }
        XCTAssertThrowsError(try CLIPTokenizer.parse(merges: Array("i n\nt h\n".utf8), source: "m")) {
            XCTAssertEqual($0 as? CLIPTokenizerError, .missingHeader(source: "m"))
        }
        let firstLines = String(decoding: data, as: UTF8.self).split(separator: "\n").prefix(100).joined(separator: "\n")
        XCTAssertThrowsError(try CLIPTokenizer.parse(merges: Array(firstLines.utf8), source: "short")) {
            guard case .tooFewMerges(_, _, let needed) = $0 as? CLIPTokenizerError else { return XCTFail("\($0)") }
            XCTAssertEqual(needed, 48894)
        }
        XCTAssertThrowsError(try CLIPTokenizer.parse(merges: Array("#version: 0.2\ni n\nq zz\n".utf8),
                                                     source: "u", vocabularySize: 516)) {
            XCTAssertEqual($0 as? CLIPTokenizerError, .unknownSymbol(source: "u", line: 3, symbol: "zz"))
        }
        XCTAssertThrowsError(try CLIPTokenizer.parse(merges: Array("#version: 0.2\ni n x\n".utf8),
                                                     source: "b", vocabularySize: 515)) {
            XCTAssertEqual($0 as? CLIPTokenizerError, .malformedMerge(source: "b", line: 2, text: "i n x"))
        }
        XCTAssertThrowsError(try CLIPTokenizer(contentsOf: URL(fileURLWithPath: "/nonexistent/merges.txt"))) {
            guard case .unreadable = $0 as? CLIPTokenizerError else { return XCTFail("\($0)") }
        }
        // A tiny but valid vocabulary works: 514 symbols + 1 merge.
        let tiny = try CLIPTokenizer.parse(merges: Array("#version: 0.2\ni n\n".utf8), source: "t", vocabularySize: 515)
        XCTAssertEqual(tiny.startToken, 513)
        XCTAssertEqual(tiny.encode(""), [513, 514])
    }
}

extension CLIPTokenizerTests {
    /// A prompt past the context: where it is cut, so the user can be told.
    func testTruncationSaysWhereThePromptIsCut() throws {
        let tok = try CLIPTokenizer(contentsOf: Self.mergesURL())
        XCTAssertNil(tok.truncation(of: "rain on a tin roof"))
        let words = (1...100).map { "w\($0)" }
        let cut = try XCTUnwrap(tok.truncation(of: words.joined(separator: " ")))
        XCTAssertGreaterThan(cut.tokens, 75)
        let kept = cut.kept.split(separator: " ").map(String.init)
        XCTAssertEqual(kept, Array(words.prefix(kept.count)))
        // What is kept fits and one more word would not: the cut is exactly where encode cuts.
        XCTAssertLessThanOrEqual(tok.encode(cut.kept).count, tok.contextLength)
        XCTAssertNotNil(tok.truncation(of: (kept + [words[kept.count]]).joined(separator: " ")))
    }
}
