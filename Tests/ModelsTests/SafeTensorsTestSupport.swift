import Foundation
import XCTest
@testable import Models

/// Builds safetensors bytes by hand, so that tests can make headers lie.
enum SafeTensorsTestFile {
    /// 8-byte little-endian `length` (defaults to the header's), the header text, then `data`.
    static func bytes(header: String, data: [UInt8] = [], length: UInt64? = nil) -> [UInt8] {
        let text = Array(header.utf8)
        let n = length ?? UInt64(text.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) } + text + data
    }

    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) } }
    }

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/weights")
    }

    /// A fresh empty folder, removed when the test ends.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("clipsonic-weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}

/// Asserts that `body` throws a `WeightsError` whose message contains every one of `parts`.
func XCTAssertWeightsError<T>(_ body: @autoclosure () throws -> T, contains parts: [String],
                              file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error containing \(parts)", file: file, line: line)
    } catch let error as WeightsError {
        let message = error.description
        for part in parts where !message.contains(part) {
            XCTFail("error \"\(message)\" does not contain \"\(part)\"", file: file, line: line)
        }
    } catch {
        XCTFail("expected a WeightsError, got \(error)", file: file, line: line)
    }
}
