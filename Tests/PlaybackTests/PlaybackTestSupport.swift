import Foundation
import XCTest
@testable import Playback

/// A fresh folder under the system temporary folder, removed by the test's teardown block.
func makeTemporaryFolder(_ test: XCTestCase, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("clipsonic-playback-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// A sine tone at `frequency`, `amplitude` peak; deterministic test audio.
func tone(frequency: Double = 440, amplitude: Float = 0.5, seconds: Double, sampleRate: Int) -> AudioBuffer {
    let count = Int((seconds * Double(sampleRate)).rounded())
    let samples = (0..<count).map { index in
        amplitude * Float(sin(2 * Double.pi * frequency * Double(index) / Double(sampleRate)))
    }
    return AudioBuffer(samples: samples, sampleRate: sampleRate)
}

/// Samples with every value class a writer must survive: silence, full scale, beyond full
/// scale (clipped in PCM), tiny values and an odd count.
func edgeSamples() -> [Float] {
    [0, 1, -1, 0.5, -0.5, 1e-6, -1e-6, 0.999, -0.999, 0.123_456_78, 1.5, -1.5, 0.25]
}

/// The files in `folder`, hidden ones included (temporary files start with a dot).
func folderContents(_ folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
}

/// Fixtures live beside the tests, found from this file's path (no SwiftPM resources).
func fixtureURL(_ name: String, file: String = #filePath) -> URL {
    URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/playback").appendingPathComponent(name)
}
