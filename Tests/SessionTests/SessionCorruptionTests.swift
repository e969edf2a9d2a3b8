import Foundation
import Models
@testable import Session
import XCTest

final class SessionCorruptionTests: XCTestCase {
    /// Every prefix and every single-byte corruption of a valid session either parses or throws:
    /// a poor man's fuzz run that checks the parser never traps.
    func testTruncatedAndCorruptedSessionsNeverCrash() throws {
        let valid = Array(try makeFullSession().encoded(source: "s"))
        for end in stride(from: 0, to: valid.count, by: 7) {
            _ = try? StudioSession.parse(data: Data(valid[0..<end]), source: "s")
        }
        var generator = SplitMix(state: 99)
        for _ in 0..<600 {
            var corrupted = valid
            corrupted[Int.random(in: 0..<corrupted.count, using: &generator)] = UInt8.random(in: 0 ... 255, using: &generator)
            _ = try? StudioSession.parse(data: Data(corrupted), source: "s")
        }
    }
}
