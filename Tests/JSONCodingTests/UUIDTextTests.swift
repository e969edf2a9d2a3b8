import Foundation
import JSONCoding
import XCTest

/// The session reader's UUID parser: the canonical 8-4-4-4-12 form only, read as Foundation reads it.
final class UUIDTextTests: XCTestCase {
    func testItReadsWhatFoundationReads() {
        for _ in 0..<1000 {
            let id = UUID()
            XCTAssertEqual(UUIDText.parse(id.uuidString), id)
            XCTAssertEqual(UUIDText.parse(id.uuidString.lowercased()), id)
        }
        XCTAssertEqual(UUIDText.parse("3F2504E0-4F89-11D3-9A0C-0305E82C3301"),
                       UUID(uuidString: "3F2504E0-4F89-11D3-9A0C-0305E82C3301"))
    }

    func testItRefusesWhatFoundationRefuses() {
        let bad = ["", "3F2504E0-4F89-11D3-9A0C-0305E82C330", "3F2504E0-4F89-11D3-9A0C-0305E82C33011",
                   "3F2504E04F8911D39A0C0305E82C3301", "3F2504E0_4F89-11D3-9A0C-0305E82C3301",
                   "3F2504E0-4F89-11D3-9A0C-0305E82C330G", "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}",
                   " 3F2504E0-4F89-11D3-9A0C-0305E82C3301", "3F2504E0-4F89-11D3-9A0C-0305E82C33é1",
                   "3F2504E0-4F8911-D3-9A0C-0305E82C3301"]
        for text in bad {
            XCTAssertNil(UUIDText.parse(text), text)
        }
    }

    /// Every single-character change of a valid UUID: what this parser reads, Foundation reads
    /// as the same UUID; Foundation's Linux reader (sscanf) also takes a sign or a space inside
    /// a group ("-F2504E0-…"), which this one refuses, as a session never spells a UUID so.
    func testSingleCharacterEditsAreReadAsFoundationReadsThemOrRefused() {
        let base = Array("3F2504E0-4F89-11D3-9A0C-0305E82C3301".utf8)
        for position in base.indices {
            for replacement in [UInt8(ascii: "-"), UInt8(ascii: "a"), UInt8(ascii: "z"), UInt8(ascii: "0"), 0x20] {
                var edited = base
                edited[position] = replacement
                let text = String(decoding: edited, as: UTF8.self)
                let isCanonical = edited.enumerated().allSatisfy { index, byte in
                    [8, 13, 18, 23].contains(index) ? byte == UInt8(ascii: "-")
                        : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                        || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
                }
                if isCanonical {
                    XCTAssertNotNil(UUIDText.parse(text), text)
                    XCTAssertEqual(UUIDText.parse(text), UUID(uuidString: text), text)
                } else {
                    XCTAssertNil(UUIDText.parse(text), text)
                }
            }
        }
    }
}
