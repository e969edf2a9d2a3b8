import Foundation
import XCTest
@testable import Models

/// Path of a committed fixture, found from this source file so tests run from any directory.
func fixtureURL(_ relative: String, file: StaticString = #filePath) -> URL {
    URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(relative)
}

/// Max relative error: max|actual - expected| / max(max|expected|, 1e-6).
func maxRelativeError(_ actual: Tensor, _ expected: Tensor) -> Float {
    var diff: Float = 0, mag: Float = 0
    for i in 0..<expected.count {
        diff = max(diff, abs(actual.pointer[i] - expected.pointer[i]))
        mag = max(mag, abs(expected.pointer[i]))
    }
    return diff / max(mag, 1e-6)
}

func assertClose(_ actual: Tensor, _ expected: Tensor, tolerance: Float = 1e-4, _ what: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.shape, expected.shape, "\(what): shape", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    let err = maxRelativeError(actual, expected)
    XCTAssertFalse(err.isNaN, "\(what): NaN in output", file: file, line: line)
    XCTAssertLessThanOrEqual(err, tolerance, "\(what): max relative error \(err)", file: file, line: line)
}

/// Values uniform in [-scale, scale), the same for a seed on every machine.
func uniformTensor(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var rng = SplitMix64(seed: seed)
    let t = Tensor(zeros: shape)
    for i in 0..<t.count { t.pointer[i] = (2 * rng.nextFloat() - 1) * scale }
    return t
}
