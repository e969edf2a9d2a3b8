import Foundation
@testable import Models
import XCTest
import CKernels

final class SHA256Tests: XCTestCase {
    func hex(_ bytes: [UInt8], chunks: Int = 1, instructions: Bool? = nil) -> String {
        var hash = SHA256()
        hash.instructions = instructions
        let size = max(1, bytes.count / chunks)
        var start = 0
        while start < bytes.count {
            hash.update(bytes[start..<min(bytes.count, start + size)])
            start += size
        }
        return hash.finalizeHex()
    }

    /// FIPS 180-4 examples, and a message across many block boundaries fed in odd pieces.
    func testKnownDigests() {
        XCTAssertEqual(hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let two = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        XCTAssertEqual(hex(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        for chunks in [1, 7, 1000] {
            XCTAssertEqual(hex(million, chunks: chunks), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }
    }

    /// The CPU's SHA instructions and the portable code give the same digests, on the standard
    /// examples and on a megabyte of varied bytes fed in pieces that split blocks anywhere.
    func testBothCompressionsAgree() {
        for instructions in [false, true] {
            XCTAssertEqual(hex(Array("abc".utf8), instructions: instructions),
                           "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
            XCTAssertEqual(hex(million, chunks: 7, instructions: instructions),
                           "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }
        var x: UInt32 = 2463534242
        let varied = (0..<(1 << 20) + 37).map { _ -> UInt8 in
            x ^= x << 13; x ^= x >> 17; x ^= x << 5  // xorshift32
            return UInt8(truncatingIfNeeded: x)
        }
        for chunks in [1, 3, 1000] {
            XCTAssertEqual(hex(varied, chunks: chunks, instructions: true), hex(varied, chunks: 1, instructions: false))
        }
        if csk_sha256_has_sha_instructions() == 0 { print("SHA256Tests: this CPU has no SHA instructions; both runs were the portable code") }
    }
}
