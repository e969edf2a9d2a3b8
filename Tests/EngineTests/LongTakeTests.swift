import Foundation
import Models
import XCTest
@testable import Engine

/// Sound beyond the window (issue 18) on the tiny random bundle: window scheduling, exact
/// lengths, cancellation, variations and loops as properties of the request.
final class LongTakeTests: XCTestCase {
    func engine() throws -> GenerationEngine { try TinyBundle.engine.get() }

    func testWindowPlanCoversExactlyTheFramesAskedFor() {
        XCTAssertEqual(WindowPlan(totalFrames: 32, window: 32).starts, [0])
        XCTAssertEqual(WindowPlan(totalFrames: 20, window: 32).starts, [0])
        let plan = WindowPlan(totalFrames: 100, window: 32)
        XCTAssertEqual(plan.overlap, 4, "an eighth of a window")
        XCTAssertEqual(plan.starts, [0, 28, 56, 84])
        XCTAssertEqual(WindowPlan(totalFrames: 100, window: 32, circular: true).overlap, 8, "a loop keeps a quarter")
        XCTAssertEqual((0..<4).map(plan.width), [32, 32, 32, 16], "the last window covers the 16 frames left")
        XCTAssertEqual(plan.kept(3), 16)
        XCTAssertLessThan(plan.starts[plan.starts.count - 2] + plan.window, 100, "no window more than needed")
        XCTAssertEqual(WindowPlan(totalFrames: 90, window: 32, sizeMultiple: 4).width(3), 8, "6 frames left, rounded up to 4s")
        XCTAssertEqual(WindowPlan(totalFrames: 20, window: 32, sizeMultiple: 8).width(0), 32, "a single window stays whole")
        for multiple in [1, 4, 8] {
            for total in 33...400 {
                let p = WindowPlan(totalFrames: total, window: 32, sizeMultiple: multiple)
                let last = p.starts.count - 1, end = p.starts[last] + p.width(last)
                XCTAssertGreaterThanOrEqual(end, total)
                XCTAssertLessThan(end - total, multiple, "\(total): the last window ends within a multiple of the take's end")
                XCTAssertEqual(p.width(last) % multiple == 0 || p.width(last) == 32, true)
                XCTAssertGreaterThan(total - p.starts[last], p.overlap, "\(total): the last window has new frames to make")
                XCTAssertTrue((0..<last).allSatisfy { p.width($0) == 32 })
                XCTAssertEqual(zip(p.starts, p.starts.dropFirst()).map { $1 - $0 }.allSatisfy { $0 == p.hop }, true)
            }
        }
    }

    func testALongTakeHasTheExactLengthAndStartsAsTheNativeTakeDoes() throws {
        let engine = try engine()
        let native = engine.nativeDuration
        var request = GenerationRequest(prompt: "rain", mode: .zeroShot, steps: 3, seed: 11)
        let short = try XCTUnwrap(engine.generate(request).first)
        request.duration = native * 3.3
        var steps: [(Int, Int)] = [], widths: [Int] = []
        let long = try XCTUnwrap(engine.generate(request) { event in
            if case let .step(index, count, _, preview) = event { steps.append((index, count)); widths.append(preview.dim(1)) }
        }.first)
        XCTAssertEqual(long.waveform.count, Int((native * 3.3 * Double(long.sampleRate)).rounded()))
        XCTAssertEqual(long.mel.dim(1), engine.frames(for: native * 3.3))
        let plan = WindowPlan(totalFrames: long.mel.dim(1), window: engine.audio.frames,
                              sizeMultiple: engine.unet.configuration.sizeMultiple)
        XCTAssertEqual(steps.map(\.0), Array(0..<(plan.starts.count * 3)), "steps counted across the windows")
        XCTAssertTrue(steps.allSatisfy { $0.1 == plan.starts.count * 3 })
        let last = plan.starts.count - 1
        XCTAssertLessThan(plan.width(last), plan.window, "3.3 windows' length: the last window is narrowed")
        XCTAssertEqual(widths, plan.starts.indices.flatMap { Array(repeating: plan.width($0), count: 3) },
                       "each window runs the U-Net at its own width")
        // Frames before the first overlap are the native take's own: window 0 is the native take.
        let nMels = long.mel.dim(0), w = engine.audio.frames
        for m in 0..<nMels {
            for t in 0..<plan.hop {
                XCTAssertEqual(long.mel.pointer[m * long.mel.dim(1) + t], short.mel.pointer[m * w + t])
            }
        }
        // The same request again: the same take.
        XCTAssertEqual(try engine.generate(request).first?.waveform, long.waveform)
    }

    func testStoppingMidWindowStopsTheLongTake() throws {
        let engine = try engine()
        let control = GenerationControl()
        var events: [String] = []
        let request = GenerationRequest(prompt: "rain", mode: .zeroShot, steps: 4, seed: 2, duration: engine.nativeDuration * 3)
        let takes = try engine.generate(request, control: control) { event in
            switch event {
            case let .step(index, _, _, _):
                events.append("step \(index)")
                if index == 5 { control.stop() }  // inside the second window
            case .cancelled: events.append("cancelled")
            default: break
            }
        }
        XCTAssertTrue(takes.isEmpty)
        XCTAssertEqual(events.last, "cancelled")
        XCTAssertEqual(events.filter { $0.hasPrefix("step") }.count, 6)
    }

    func writeSource(_ samples: [Float], rate: Int) throws -> (path: String, reader: AudioReader) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("source-\(UUID().uuidString).raw").path
        let captured = samples
        return (path, { p in
            guard p == path else { throw CocoaError(.fileNoSuchFile) }
            return (captured, rate)
        })
    }

    func testVariationsMoveAwayFromTheirSourceAsStrengthGrows() throws {
        let engine = try engine()
        // A source made by the engine itself, at another sample rate (resampled on the way in).
        let made = try XCTUnwrap(engine.generate(GenerationRequest(prompt: "a bell", mode: .zeroShot, steps: 3, seed: 5)).first)
        let resampled = SincResampler(from: made.sampleRate, to: 44_100)(made.waveform)
        let (path, reader) = try writeSource(resampled, rate: 44_100)
        engine.audioReader = reader
        defer { engine.audioReader = nil }
        var distances: [Float] = []
        for strength: Float in [0.25, 0.5, 0.75, 1] {
            let request = GenerationRequest(prompt: "wind", mode: .zeroShot, steps: 8, seed: 9, sourceAudio: path, strength: strength)
            let take = try XCTUnwrap(engine.generate(request).first)
            let n = min(take.mel.count, made.mel.count)
            var d: Float = 0
            for i in 0..<n { d += abs(take.mel.pointer[i] - made.mel.pointer[i]) }
            distances.append(d / Float(n))
        }
        XCTAssertEqual(distances, distances.sorted(), "mel distance to the source grows with strength: \(distances)")
        XCTAssertLessThan(distances[0], distances[3])
    }

    func testSourcesThatCannotBeVariedAreRefusedWithTheReason() throws {
        let engine = try engine()
        defer { engine.audioReader = nil }
        func refusal(_ samples: [Float], rate: Int = 16_000) throws -> String {
            let (path, reader) = try writeSource(samples, rate: rate)
            engine.audioReader = reader
            let request = GenerationRequest(prompt: "wind", mode: .zeroShot, steps: 2, seed: 1, sourceAudio: path, strength: 0.5)
            do { _ = try engine.generate(request); return "accepted" } catch { return "\(error)" }
        }
        XCTAssertTrue(try refusal([Float](repeating: 0, count: 16_000)).contains("silent"))
        XCTAssertTrue(try refusal([Float](repeating: 0.3, count: 400)).contains("long; a variation needs at least"))
        XCTAssertTrue(try refusal([0.1, .nan] + [Float](repeating: 0.1, count: 8000)).contains("not numbers"))
        engine.audioReader = { _ in throw CocoaError(.fileReadCorruptFile) }
        XCTAssertThrowsError(try engine.generate(GenerationRequest(prompt: "w", mode: .zeroShot, steps: 2,
                                                                   sourceAudio: "/x.wav", strength: 0.5))) {
            XCTAssertTrue("\($0)".hasPrefix("cannot vary the sound /x.wav"), "\($0)")
        }
    }

    func testALoopOfOneWindowRollsItsSamples() throws {
        let engine = try engine()
        let request = GenerationRequest(prompt: "rain", mode: .zeroShot, steps: 3, seed: 4, loop: true)
        let take = try XCTUnwrap(engine.generate(request).first)
        XCTAssertEqual(take.waveform.count, engine.audio.frames * engine.audio.hop, "a loop is whole frames long")
        let x = Tensor(shape: [1, 1, 2, 8], scalars: (0..<16).map(Float.init))
        let rolled = RollingDenoiser<UNet>.roll(x, by: 3)
        XCTAssertEqual(rolled.scalars, [5, 6, 7, 0, 1, 2, 3, 4, 13, 14, 15, 8, 9, 10, 11, 12])
        XCTAssertEqual(RollingDenoiser<UNet>.roll(rolled, by: 5).scalars, x.scalars)
    }

    func testALoopsWindowsGoRoundTheCircleWithRoomToMove() throws {
        XCTAssertEqual(WindowPlan(totalFrames: 32, window: 32, circular: true).starts, [0])
        XCTAssertNil(WindowPlan(totalFrames: 32, window: 32, circular: true).wrap(0))
        for total in 33...600 {
            let p = WindowPlan(totalFrames: total, window: 32, circular: true)
            let s = p.starts, last = s.count - 1
            let gaps = zip(s, s.dropFirst()).map { $1 - $0 } + [total - s[last]]
            XCTAssertTrue(gaps.allSatisfy { $0 <= p.hop }, "\(total): neighbours overlap by the overlap at least: \(gaps)")
            XCTAssertTrue(gaps.allSatisfy { 2 * $0 >= p.window }, "\(total): neighbours half a window apart at least: \(gaps)")
            XCTAssertEqual(s[0], 0)
            let wrap = try XCTUnwrap(p.wrap(last))
            XCTAssertEqual(s[last] + wrap, total)
            XCTAssertLessThanOrEqual(wrap + p.overlap, p.window, "\(total): the held frames after the wrap fit in the window")
            XCTAssertGreaterThanOrEqual(wrap - p.overlap, p.window / 4, "\(total): the last window has room between its held frames")
            XCTAssertEqual(p.kept(last), wrap)
            XCTAssertTrue((0..<last).allSatisfy { p.wrap($0) == nil && p.kept($0) == 32 })
            XCTAssertEqual(p.width(last), 32, "a loop's last window stays whole")
        }
        // A straight take has no wrap.
        XCTAssertNil(WindowPlan(totalFrames: 100, window: 32).wrap(3))
    }

    func testALoopLongerThanAWindowIsMadeWindowByWindowToTheExactLength() throws {
        let engine = try engine()
        let native = engine.nativeDuration
        var request = GenerationRequest(prompt: "rain", mode: .zeroShot, steps: 3, seed: 4, duration: native * 2.6, loop: true)
        var steps: [(Int, Int)] = []
        let take = try XCTUnwrap(engine.generate(request) { event in
            if case let .step(index, count, _, _) = event { steps.append((index, count)) }
        }.first)
        let frames = engine.frames(for: native * 2.6)
        XCTAssertEqual(take.mel.dim(1), frames)
        XCTAssertEqual(take.waveform.count, frames * engine.audio.hop, "a loop is whole frames long")
        let plan = WindowPlan(totalFrames: frames, window: engine.audio.frames, circular: true)
        XCTAssertEqual(plan.starts.count, 4)
        XCTAssertEqual(steps.map(\.0), Array(0..<(plan.starts.count * 3)), "steps counted across the windows")
        // The last window was held to the first frames past its wrap: the take continues into its
        // start, which a straight take of the same length does not have to.
        request.loop = false
        XCTAssertEqual(try engine.generate(request).first?.mel.dim(1), frames)
        XCTAssertEqual(try engine.generate(GenerationRequest(prompt: "rain", mode: .zeroShot, steps: 3, seed: 4,
                                                             duration: native * 2.6, loop: true)).first?.waveform,
                       take.waveform, "the same loop again")
    }

    func testTheSeamMeasureTellsAClickFromAContinuation() {
        let rate = 16_000.0
        let sine = (0..<16_000).map { Float(0.5 * sin(2 * Double.pi * 250 * Double($0) / rate)) }  // 250 whole cycles
        XCTAssertTrue(LoopSeam(sine).isSeamless, "\(LoopSeam(sine))")
        let cut = Array(sine.prefix(15_900))  // ends mid-cycle: a click at the wrap
        XCTAssertFalse(LoopSeam(cut).isSeamless, "\(LoopSeam(cut))")
    }
}
