import Foundation
import Models
import XCTest

final class SHA256Tests: XCTestCase {
    func hex(_ bytes: [UInt8], chunks: Int = 1) -> String {
        var hash = SHA256()
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
}
