import Foundation
import Models
import XCTest
@testable import Engine

/// A long take's audio reported window by window while it is made (`streamsAudio`), so the
/// studio can play its start before its end exists; and the take's waveform made of those parts
/// (`PartwiseWaveform`), joined without a seam.
final class StreamedAudioTests: XCTestCase {
    func testALongTakesSettledAudioComesWindowByWindowAndIsTheTakesOwn() throws {
        let engine = try TinyBundle.engine.get()
        engine.streamsAudio = true
        defer { engine.streamsAudio = false }
        let native = engine.nativeDuration, steps = 3
        let request = GenerationRequest(prompt: "rain", mode: .zeroShot, steps: steps, seed: 11, duration: native * 3.3)
        var parts: [(start: Int, samples: [Float], stepsDone: Int)] = []
        var stepsDone = 0
        let take = try XCTUnwrap(engine.generate(request) { event in
            switch event {
            case .step: stepsDone += 1
            case let .audio(samples, start, rate, mode):
                XCTAssertEqual(rate, engine.audio.sampleRate)
                XCTAssertEqual(mode, .zeroShot)
                parts.append((start, samples, stepsDone))
            default: break
            }
        }.first)
        let plan = WindowPlan(totalFrames: take.mel.dim(1), window: engine.audio.frames)
        let hop = engine.audio.hop
        XCTAssertEqual(parts.count, plan.starts.count - 1, "one part after each window but the last")
        var next = 0
        for (k, part) in parts.enumerated() {
            XCTAssertEqual(part.start, next, "part \(k) does not continue the one before")
            XCTAssertEqual(part.stepsDone, (k + 1) * steps, "part \(k) came before its window was done")
            next += part.samples.count
            XCTAssertEqual(next, plan.starts[k + 1] * hop, "part \(k) does not end where window \(k + 1) starts")
        }
        // The parts are the take's own samples: its waveform is made of them, at the gain of its
        // peak limiter over the whole take, where theirs could only follow the take so far.
        for (k, part) in parts.enumerated() {
            XCTAssertTrue(part.samples.allSatisfy { abs($0) <= 1 }, "part \(k) clips")
            let made = Array(take.waveform[part.start..<(part.start + part.samples.count)])
            let gain = zip(part.samples, made).map { $0 * $1 }.reduce(0, +) / made.map { $0 * $0 }.reduce(0, +)
            let worst = zip(part.samples, made).map { abs($0 - gain * $1) }.max() ?? 0
            let peak = part.samples.map(abs).max() ?? 0
            XCTAssertLessThan(worst, 1e-5 * max(peak, 1e-3), "part \(k) is not the take's own samples")
            XCTAssertGreaterThan(gain, 0)
        }
        // Without streaming the take is the same and nothing is reported.
        engine.streamsAudio = false
        var reported = 0
        let again = try XCTUnwrap(engine.generate(request) { if case .audio = $0 { reported += 1 } }.first)
        XCTAssertEqual(reported, 0)
        XCTAssertEqual(again.waveform, take.waveform)
    }

    func testALoopIsNotStreamed() throws {
        let engine = try TinyBundle.engine.get()
        engine.streamsAudio = true
        defer { engine.streamsAudio = false }
        let request = GenerationRequest(prompt: "rain", mode: .zeroShot, steps: 2, seed: 3,
                                        duration: engine.nativeDuration * 2.6, loop: true)
        var reported = 0
        _ = try engine.generate(request) { if case .audio = $0 { reported += 1 } }
        XCTAssertEqual(reported, 0, "a loop's start is crossfaded with its end, so it cannot be heard early")
    }
}
