import Foundation
import XCTest
@testable import Playback

/// A sound played while it is still being made (`playGrowing`, `append`): through ALSA's `file`
/// PCM, as in `PlayerTests`, so what reached the device can be compared sample by sample.
final class PlayerGrowingTests: XCTestCase {
    private let rate = 8000

    func testAGrowingSoundWaitsAtItsEndForMoreAndPlaysEveryPartOnceInOrder() throws {
        let capture = try makeCapture()
        let whole = ramp(seconds: 0.4)
        let parts = [0..<800, 800..<2400, 2400..<3200].map { Array(whole.samples[$0]) }
        let player = try Player(options: capture.options())
        player.playGrowing(AudioBuffer(samples: parts[0], sampleRate: rate))
        // The first part lasts 0.1 s: well past it, the player is still waiting, not finished.
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(player.state, .playing)
        XCTAssertEqual(player.position, 0.1, accuracy: 1e-9)
        player.append(parts[1], sampleRate: rate)
        player.append(parts[2], sampleRate: rate, last: true)
        XCTAssertTrue(player.waitUntilDone(timeout: 3))
        XCTAssertEqual(player.state, .finished)
        player.close()
        XCTAssertEqual(capture.floats(), whole.samples)
    }

    func testAGrowingSoundWhoseMakingStoppedPlaysWhatItHasAndFinishes() throws {
        let capture = try makeCapture()
        let part = ramp(seconds: 0.1)
        let player = try Player(options: capture.options())
        player.playGrowing(part)
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(player.state, .playing)
        player.finishGrowing()
        XCTAssertTrue(player.waitUntilDone(timeout: 2))
        player.close()
        XCTAssertEqual(capture.floats(), part.samples)
    }

    func testPartsForASoundNoLongerLoadedAreDropped() throws {
        let capture = try makeCapture()
        let other = tone(seconds: 0.1, sampleRate: rate)
        let player = try Player(options: capture.options())
        player.playGrowing(ramp(seconds: 0.05))
        player.play(other)
        player.append([Float](repeating: 0.25, count: 400), sampleRate: rate)
        XCTAssertTrue(player.waitUntilDone(timeout: 2))
        player.close()
        XCTAssertFalse(capture.floats().contains(0.25), "a part appended after another sound was loaded was played")
        XCTAssertEqual(Array(capture.floats().suffix(other.samples.count)), other.samples)
    }

    func testTheFinishedSoundTakesOverAtTheMomentHeard() throws {
        let capture = try makeCapture()
        let growing = ramp(seconds: 0.6)
        // The finished sound is told apart by its sign; each value is still its frame's time.
        let finished = AudioBuffer(samples: growing.samples.map { -$0 }, sampleRate: rate)
        let player = try Player(options: capture.options())
        player.playGrowing(AudioBuffer(samples: Array(growing.samples.prefix(1600)), sampleRate: rate))
        Thread.sleep(forTimeInterval: 0.1)
        let before = player.position
        player.switchTo(finished, keepPosition: true)
        XCTAssertEqual(player.position, before, accuracy: 1.0 / Double(rate))
        XCTAssertTrue(player.waitUntilDone(timeout: 3))
        player.close()
        let captured = capture.floats()
        guard let first = captured.firstIndex(where: { $0 < 0 }) else { return XCTFail("the finished sound never played") }
        let resumedAt = Int((-captured[first] * Float(rate)).rounded())
        XCTAssertEqual(resumedAt, Int((before * Double(rate)).rounded()), "it did not take over where the listener was")
        XCTAssertEqual(captured.last, finished.samples.last)
    }

    private func ramp(seconds: Double) -> AudioBuffer {
        let count = Int(seconds * Double(rate))
        return AudioBuffer(samples: (0..<count).map { Float($0) / Float(rate) }, sampleRate: rate)
    }

    private func makeCapture() throws -> ALSACapture {
        ALSACapture(path: try makeTemporaryFolder(self).appendingPathComponent("capture.raw").path)
    }
}
