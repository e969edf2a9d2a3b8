import Foundation
import XCTest
@testable import Models

/// Test-only reading of the committed 16-bit PCM mono WAV fixtures (audio file I/O proper lives
/// in Playback, on libsndfile); samples scaled by 1/32768 as the fixture generator reads them.
enum TestWAV {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ url: URL) throws -> (samples: [Float], sampleRate: Int) {
        let d = try Data(contentsOf: url)
        let bytes = [UInt8](d)
        func u32(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 | Int(bytes[o + 2]) << 16 | Int(bytes[o + 3]) << 24 }
        func u16(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 }
        guard bytes.count >= 12, String(decoding: bytes[0..<4], as: UTF8.self) == "RIFF",
              String(decoding: bytes[8..<12], as: UTF8.self) == "WAVE" else {
            throw Failure(description: "\(url.path): not a RIFF/WAVE file")
        }
        var offset = 12, rate = 0, format = (tag: 0, channels: 0, bits: 0)
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self), size = u32(offset + 4)
            let body = offset + 8
            guard body + size <= bytes.count else { throw Failure(description: "\(url.path): chunk \(id) truncated") }
            if id == "fmt " {
                format = (u16(body), u16(body + 2), u16(body + 14))
                rate = u32(body + 4)
            } else if id == "data" {
                guard format == (1, 1, 16) else {
                    throw Failure(description: "\(url.path): expected 16-bit PCM mono, found format \(format)")
                }
                let samples = (0..<(size / 2)).map { Float(Int16(bitPattern: UInt16(u16(body + 2 * $0)))) / 32768 }
                return (samples, rate)
            }
            offset = body + size + (size & 1)
        }
        throw Failure(description: "\(url.path): no data chunk")
    }
}

final class AudioTestSupportTests: XCTestCase {
    func testReadsCommittedWAV() throws {
        let (samples, rate) = try TestWAV.read(fixtureURL("audio/noise.wav"))
        XCTAssertEqual(rate, 22050)
        XCTAssertEqual(samples.count, 11025)
        XCTAssertLessThanOrEqual(samples.map(abs).max() ?? 1, 0.41)
    }
}
