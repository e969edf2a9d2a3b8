import Foundation
import Models
import XCTest
@testable import Engine

/// One continuation, one variation and one loop on the embedded model, models/mini.
final class MiniLongTakeTests: XCTestCase {
    static let engine: Result<GenerationEngine, Error> = Result {
        try GenerationEngine(bundleAt: TinyBundle.repositoryRoot.appendingPathComponent("models/mini"))
    }

    func testALoopOfTheMiniModelHasNoSeam() throws {
        let engine = try Self.engine.get()
        let request = GenerationRequest(prompt: "rain on a tin roof", mode: .zeroShot, steps: 12, seed: 21, loop: true)
        let loop = try XCTUnwrap(engine.generate(request).first)
        let seam = LoopSeam(loop.waveform)
        print("loop seam, mini, rain, seed 21: \(seam)")
        XCTAssertTrue(seam.isSeamless, "\(seam)")
        var plain = request
        plain.loop = false
        let take = try XCTUnwrap(engine.generate(plain).first)
        let plainSeam = LoopSeam(take.waveform)
        print("the same take without loop: \(plainSeam)")
        XCTAssertGreaterThan(plainSeam.jump / plainSeam.interiorJump, seam.jump / seam.interiorJump,
                             "the loop's seam is quieter than a plain take's wrap")
    }

    func testALoopOfSeveralWindowsHasNoSeam() throws {
        let engine = try Self.engine.get()
        let request = GenerationRequest(prompt: "rain on a tin roof", mode: .zeroShot, steps: 12, seed: 21,
                                        duration: 5, loop: true)
        let loop = try XCTUnwrap(engine.generate(request).first)
        XCTAssertEqual(loop.waveform.count, engine.frames(for: 5) * engine.audio.hop)
        let seam = LoopSeam(loop.waveform)
        print("loop seam, mini, rain, seed 21, 5 s (3 windows): \(seam)")
        XCTAssertTrue(seam.isSeamless, "\(seam)")
    }

    func testAContinuationAndAVariationOnTheMiniModel() throws {
        let engine = try Self.engine.get()
        // Rain is heard all the time, so a window that went silent would show.
        let long = try XCTUnwrap(engine.generate(GenerationRequest(prompt: "heavy rain", mode: .zeroShot, steps: 8,
                                                                   seed: 3, duration: 4.5)).first)
        XCTAssertEqual(long.waveform.count, 72_000)
        // Every window carries sound: no window fades to silence after the native one.
        let window = 16_000
        for start in stride(from: 0, to: long.waveform.count - window, by: window) {
            let rms = (long.waveform[start..<(start + window)].reduce(0) { $0 + $1 * $1 } / Float(window)).squareRoot()
            XCTAssertGreaterThan(rms, 1e-3, "second \(start / window) is silent")
        }
        let source = Array(long.waveform.prefix(32_768))
        engine.audioReader = { _ in (source, 16_000) }
        defer { engine.audioReader = nil }
        let variation = try XCTUnwrap(engine.generate(GenerationRequest(prompt: "a dog barking", mode: .zeroShot, steps: 8,
                                                                        seed: 4, sourceAudio: "dog.wav", strength: 0.3)).first)
        XCTAssertEqual(variation.mel.dim(1), 128)
        XCTAssertEqual(variation.recipe.request.sourceAudio, "dog.wav")
        XCTAssertEqual(variation.recipe.request.strength, 0.3)
    }

    func testALongTakesVocodedPartsJoinWithoutASeam() throws {
        let engine = try Self.engine.get()
        let take = try XCTUnwrap(engine.generate(GenerationRequest(prompt: "heavy rain", mode: .zeroShot, steps: 8,
                                                                   seed: 3, duration: 4.5)).first)
        let plan = WindowPlan(totalFrames: take.mel.dim(1), window: engine.audio.frames)
        XCTAssertGreaterThan(plan.starts.count, 2)
        // Each join measured as a loop's wrap would be: the take turned to start at the join.
        for start in plan.starts.dropFirst() {
            let join = start * engine.audio.hop
            let seam = LoopSeam(Array(take.waveform[join...] + take.waveform[..<join]))
            print("vocoded parts' join at \(join) (frame \(start)), mini, heavy rain, seed 3: \(seam)")
            XCTAssertTrue(seam.isSeamless, "join at frame \(start): \(seam)")
        }
    }
}
