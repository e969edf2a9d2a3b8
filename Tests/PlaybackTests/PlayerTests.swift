import Foundation
import XCTest
@testable import Playback

/// Plays through ALSA's built-in `file` PCM ("file:FILE=<path>,FORMAT=raw", slave null), which
/// records exactly what the player writes, so no sound card and no ~/.asoundrc are needed.
final class PlayerTests: XCTestCase {
    private let rate = 8000

    // MARK: - Captured audio

    func testFloatOutputIsCapturedExactly() throws {
        let capture = try makeCapture()
        let buffer = tone(seconds: 0.2, sampleRate: 48_000)
        let player = try Player(options: capture.options(format: .float32, pacing: .device))
        player.play(buffer)
        XCTAssertTrue(player.waitUntilDone(timeout: 2))
        XCTAssertEqual(player.state, .finished)
        XCTAssertEqual(player.position, buffer.duration, accuracy: 1e-9)
        XCTAssertEqual(player.status.deviceFormat, "FLOAT_LE 1ch 48000 Hz")
        player.close()
        XCTAssertEqual(capture.floats(), buffer.samples)
    }

    func testInt16OutputIsWithinQuantisation() throws {
        let capture = try makeCapture()
        let buffer = AudioBuffer(samples: edgeSamples() + tone(seconds: 0.1, sampleRate: 44_100).samples,
                                 sampleRate: 44_100)
        let player = try Player(options: capture.options(format: .int16, pacing: .device))
        player.play(buffer)
        XCTAssertTrue(player.waitUntilDone(timeout: 2))
        XCTAssertEqual(player.status.deviceFormat, "S16_LE 1ch 44100 Hz")
        player.close()
        let captured = capture.int16s()
        XCTAssertEqual(captured.count, buffer.samples.count)
        for (sample, value) in zip(buffer.samples, captured) {
            XCTAssertEqual(Float(value) / 32767, min(max(sample, -1), 1), accuracy: 1.0 / 32768, "\(sample)")
        }
    }

    func testUnpacedDeviceFollowsTheWallClock() throws {
        let capture = try makeCapture()
        let buffer = ramp(seconds: 0.25)
        let player = try Player(options: capture.options())
        let start = Date()
        player.play(buffer)
        Thread.sleep(forTimeInterval: 0.1)
        let midway = player.position
        XCTAssertTrue(player.waitUntilDone(timeout: 2))
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertGreaterThan(midway, 0.03)
        XCTAssertLessThan(midway, 0.2)
        XCTAssertGreaterThan(elapsed, 0.2)
        XCTAssertLessThan(elapsed, 0.6)
        player.close()
        XCTAssertEqual(capture.floats(), buffer.samples)
    }

    // MARK: - Transport

    func testStopMidPlayHaltsOutputAndRewinds() throws {
        let capture = try makeCapture()
        let buffer = ramp(seconds: 2)
        let player = try Player(options: capture.options())
        player.play(buffer)
        Thread.sleep(forTimeInterval: 0.15)
        player.stop()
        XCTAssertEqual(player.state, .stopped)
        XCTAssertEqual(player.position, 0)
        Thread.sleep(forTimeInterval: 0.05)
        let sizeAfterStop = capture.size()
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertEqual(capture.size(), sizeAfterStop, "output continued after stop")
        player.close()
        let captured = capture.floats()
        // 0.15 s played plus at most the pacing lead (2 writes of 20 ms) and one write in flight.
        XCTAssertGreaterThan(captured.count, Int(0.1 * Double(rate)))
        XCTAssertLessThan(captured.count, Int(0.3 * Double(rate)))
        XCTAssertEqual(captured, Array(buffer.samples.prefix(captured.count)))
    }

    func testSeekMovesThePositionAndTheOutput() throws {
        let capture = try makeCapture()
        let buffer = ramp(seconds: 1)
        let player = try Player(options: capture.options())
        player.play(buffer)
        Thread.sleep(forTimeInterval: 0.05)
        player.seek(to: 0.6)
        XCTAssertEqual(player.position, 0.6, accuracy: 1e-9)
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertEqual(player.position, 0.7, accuracy: 0.06)
        XCTAssertEqual(player.state, .playing)
        XCTAssertTrue(player.waitUntilDone(timeout: 2))
        player.close()
        // The capture is frames 0..<k, then 0.6 s to the end: one jump, no repeats or gaps else.
        let frames = capture.floats().map(frameIndex)
        let jumps = zip(frames, frames.dropFirst()).filter { $1 != $0 + 1 }
        XCTAssertEqual(jumps.count, 1, "\(jumps)")
        XCTAssertEqual(jumps.first?.1, Int(0.6 * Double(rate)))
        XCTAssertEqual(frames.first, 0)
        XCTAssertEqual(frames.last, buffer.frameCount - 1)
    }

    func testPauseHoldsThePositionAndResumeContinues() throws {
        let capture = try makeCapture()
        let player = try Player(options: capture.options())
        player.play(ramp(seconds: 1))
        Thread.sleep(forTimeInterval: 0.1)
        player.pause()
        let held = player.position
        XCTAssertEqual(player.state, .paused)
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertEqual(player.position, held)
        player.resume()
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertEqual(player.state, .playing)
        XCTAssertGreaterThan(player.position, held + 0.03)
        player.togglePause()
        XCTAssertEqual(player.state, .paused)
        player.close()
        // Paused audio was dropped and replayed from the heard position: still one ramp, in order.
        let frames = capture.floats().map(frameIndex)
        XCTAssertEqual(frames.first, 0)
        XCTAssertTrue(zip(frames, frames.dropFirst()).allSatisfy { $1 <= $0 + 1 })
    }

    func testLoopRepeatsWithoutGapsUntilTurnedOff() throws {
        let capture = try makeCapture()
        let buffer = ramp(seconds: 0.05)
        let player = try Player(options: capture.options())
        player.isLooping = true
        player.play(buffer)
        Thread.sleep(forTimeInterval: 0.25)
        XCTAssertEqual(player.state, .playing)
        XCTAssertTrue(player.isLooping)
        XCTAssertGreaterThanOrEqual(player.status.loopCount, 3)
        player.isLooping = false
        XCTAssertTrue(player.waitUntilDone(timeout: 1))
        XCTAssertEqual(player.state, .finished)
        player.close()
        let captured = capture.floats()
        XCTAssertEqual(captured.count % buffer.frameCount, 0)
        XCTAssertGreaterThanOrEqual(captured.count / buffer.frameCount, 4)
        for (index, value) in captured.enumerated() where value != buffer.samples[index % buffer.frameCount] {
            return XCTFail("frame \(index) is \(value), expected \(buffer.samples[index % buffer.frameCount])")
        }
    }

    func testSwitchKeepsThePositionForABComparison() throws {
        let capture = try makeCapture()
        let a = ramp(seconds: 1)
        let b = AudioBuffer(samples: a.samples.map { -$0 }, sampleRate: rate)
        let player = try Player(options: capture.options())
        player.play(a)
        Thread.sleep(forTimeInterval: 0.2)
        let before = player.position
        player.switchTo(b, keepPosition: true)
        XCTAssertEqual(player.position, before, accuracy: 1.0 / Double(rate))
        XCTAssertEqual(player.state, .playing)
        Thread.sleep(forTimeInterval: 0.05)
        player.switchTo(a, keepPosition: false)
        XCTAssertEqual(player.position, 0)
        player.stop()
        player.close()
        // A's frames up to the switch, then B continuing at the frame that was being heard.
        let captured = capture.floats()
        guard let firstB = captured.firstIndex(where: { $0 < 0 }) else { return XCTFail("B never played") }
        let lastA = frameIndex(captured[firstB - 1])
        let resumedAt = frameIndex(-captured[firstB])
        XCTAssertEqual(resumedAt, Int((before * Double(rate)).rounded()))
        // The pacer keeps up to three writes ahead of the clock, and one more may be in flight
        // when the switch lands: a real device drops those, the file plugin has captured them.
        let writeFrames = Int(capture.options().writeDuration * Double(rate))
        XCTAssertLessThanOrEqual(lastA - resumedAt, 4 * writeFrames, "B restarted too far back")
        XCTAssertGreaterThanOrEqual(lastA + 1, resumedAt, "B skipped audio")
    }

    func testSwitchingRateReconfiguresTheDevice() throws {
        let capture = try makeCapture()
        let player = try Player(options: capture.options(pacing: .device))
        player.play(tone(seconds: 0.05, sampleRate: 16_000))
        XCTAssertTrue(player.waitUntilDone(timeout: 2))
        XCTAssertEqual(player.status.deviceFormat, "FLOAT_LE 1ch 16000 Hz")
        player.play(tone(seconds: 0.05, sampleRate: 22_050))
        XCTAssertTrue(player.waitUntilDone(timeout: 2))
        XCTAssertEqual(player.status.deviceFormat, "FLOAT_LE 1ch 22050 Hz")
        XCTAssertEqual(player.state, .finished)
        player.close()
        XCTAssertEqual(capture.floats().count, 800 + 1103)
    }

    func testCommandsFromManyThreadsAreSafe() throws {
        let player = try Player(options: PlayerOptions(device: "null"))
        let buffer = ramp(seconds: 0.5)
        player.play(buffer)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for step in 0..<50 {
                switch (worker + step) % 7 {
                case 0: player.seek(to: Double(step % 5) * 0.1)
                case 1: player.togglePause()
                case 2: player.isLooping.toggle()
                case 3: _ = player.status
                case 4: player.switchTo(buffer, keepPosition: step % 2 == 0)
                case 5: player.play()
                default: XCTAssertLessThanOrEqual(player.position, buffer.duration)
                }
            }
        }
        player.stop()
        XCTAssertEqual(player.state, .stopped)
        player.close()
        player.play()   // ignored after close, must not hang or crash
    }

    func testNullDeviceFinishesInRealTime() throws {
        let player = try Player(device: "null")
        XCTAssertEqual(player.deviceName, "null")
        let start = Date()
        player.play(ramp(seconds: 0.1))
        XCTAssertTrue(player.waitUntilDone(timeout: 2))
        XCTAssertGreaterThan(Date().timeIntervalSince(start), 0.08)
        XCTAssertEqual(player.status.position, 0.1, accuracy: 1e-9)
        player.play()   // from the end, play restarts at the start
        XCTAssertEqual(player.state, .playing)
        XCTAssertLessThan(player.position, 0.05)
    }

    func testUnplayableBufferStopsWithAnErrorAndTheNextOnePlays() throws {
        let player = try Player(options: PlayerOptions(device: "null", sampleFormat: .int16))
        player.play(AudioBuffer(samples: [0, 0.1], sampleRate: 0))
        XCTAssertTrue(player.waitUntilDone(timeout: 1))
        XCTAssertEqual(player.state, .stopped)
        guard case .unsupportedConfiguration(let device, let sampleRate, _)? = player.status.lastError else {
            return XCTFail("expected unsupportedConfiguration, got \(String(describing: player.status.lastError))")
        }
        XCTAssertEqual(device, "null")
        XCTAssertEqual(sampleRate, 0)
        player.play(AudioBuffer(samples: [.nan, .infinity, -.infinity, 0.5], sampleRate: 48_000))
        XCTAssertTrue(player.waitUntilDone(timeout: 1))
        XCTAssertEqual(player.state, .finished)
        XCTAssertNil(player.status.lastError)
    }

    // MARK: - Missing devices

    func testMissingDevicesThrowNoDevice() {
        for name in ["clipsonic-no-such-device", "hw:97"] {
            XCTAssertThrowsError(try Player(device: name)) { error in
                guard case .noDevice(let reported, let reason)? = error as? PlaybackError else {
                    return XCTFail("\(name): unexpected \(error)")
                }
                XCTAssertEqual(reported, name)
                XCTAssertFalse(reason.isEmpty)
                XCTAssertTrue("\(error)".contains("--device"), "\(error)")
                XCTAssertTrue("\(error)".contains("save"), "\(error)")
            }
        }
    }

    func testDefaultDeviceEitherPlaysOrSaysNoDevice() {
        // This machine has no sound card, so "default" fails with ENOENT; elsewhere it opens.
        do {
            let player = try Player(device: "default")
            player.close()
        } catch {
            guard case .noDevice(let name, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "default")
            XCTAssertTrue(reason.contains("No such file or directory"), reason)
        }
    }

    // MARK: - Helpers

    /// Frame i holds i / rate, so the capture tells which frame played (see `frameIndex`).
    private func ramp(seconds: Double) -> AudioBuffer {
        let count = Int(seconds * Double(rate))
        return AudioBuffer(samples: (0..<count).map { Float($0) / Float(rate) }, sampleRate: rate)
    }

    /// The ramp frame a captured value came from; rounding undoes the division's last-bit error.
    private func frameIndex(_ value: Float) -> Int {
        Int((value * Float(rate)).rounded())
    }

    private func makeCapture() throws -> ALSACapture {
        ALSACapture(path: try makeTemporaryFolder(self).appendingPathComponent("capture.raw").path)
    }
}
