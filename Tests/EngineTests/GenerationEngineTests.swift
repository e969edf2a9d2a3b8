import Foundation
import XCTest
@testable import Engine
@testable import Models

/// The whole pipeline on a tiny random-weight bundle: every mode, seeds, A/B, events, cancel,
/// skip, durations and the errors a request can meet.
final class GenerationEngineTests: XCTestCase {
    func engine() throws -> GenerationEngine { try TinyBundle.engine.get() }

    func request(_ mode: ConditioningMode = .prior, seed: UInt64 = 7, steps: Int = 4) -> GenerationRequest {
        GenerationRequest(prompt: "rain on a tin roof", mode: mode, steps: steps, seed: seed)
    }

    func testEveryModeMakesATakeOfTheBundleLength() throws {
        let e = try engine()
        let picture = TinyBundle.repositoryRoot.appendingPathComponent("Tests/Fixtures/images/rgb_40x30.png").path
        // Audio mode needs an audio encoder, which this bundle lacks: ListeningEngineTests covers it.
        for mode in ConditioningMode.allCases where mode != .audio {
            var r = request(mode)
            r.imagePath = picture
            let takes = try e.generate(r)
            XCTAssertEqual(takes.count, 1, "\(mode)")
            XCTAssertEqual(takes[0].mode, mode)
            XCTAssertEqual(takes[0].waveform.count, e.audio.frames * e.audio.hop, "\(mode)")
            XCTAssertEqual(takes[0].mel.shape, [e.audio.nMels, e.audio.frames])
            XCTAssertTrue(takes[0].waveform.allSatisfy { $0.isFinite && abs($0) <= 1 }, "\(mode)")
        }
    }

    func testATakeHandsBackTheUNetsPackedWeightsAndTheNextPacksThemAgain() throws {
        let e = try engine()
        guard DNNL.available else { throw XCTSkip("oneDNN is not available: no packed weights") }
        let cfg = e.unet.configuration
        _ = e.unet(Tensor(zeros: [2, cfg.inChannels, e.audio.nMels, e.audio.frames]), timeSteps: Tensor(shape: [2], scalars: [10, 10]),
                   clip: Tensor(zeros: [2, cfg.clipDim]))
        XCTAssertTrue(e.unet.convolutions.contains { $0.holdsPackedWeights }, "running the U-Net packs its weights")
        let first = try e.generate(request())
        XCTAssertFalse(e.unet.convolutions.contains { $0.holdsPackedWeights }, "a take hands them back before vocoding")
        XCTAssertEqual(try e.generate(request())[0].waveform, first[0].waveform, "packed again, the same take")
    }

    func testSameSeedSameSoundOtherSeedOtherSound() throws {
        let e = try engine()
        let a = try e.generate(request(seed: 11))[0].waveform
        let b = try e.generate(request(seed: 11))[0].waveform
        let c = try e.generate(request(seed: 12))[0].waveform
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testABPairSharesTheSeedAndTheStartingNoise() throws {
        let e = try engine()
        var events: [String] = []
        let takes = try e.generate(request(), modes: [.prior, .zeroShot]) { ev in
            if case let .finished(t) = ev { events.append(t.mode.rawValue) }
        }
        XCTAssertEqual(takes.map(\.mode), [.prior, .zeroShot])
        XCTAssertEqual(events, ["prior", "zero-shot"])
        XCTAssertEqual(takes[0].request.seed, takes[1].request.seed)
        // The zero-shot take of the pair equals a zero-shot take generated alone.
        XCTAssertEqual(takes[1].waveform, try e.generate(request(.zeroShot))[0].waveform)
        XCTAssertNotEqual(takes[0].waveform, takes[1].waveform)
    }

    func testEventsComeInOrderWithOnePreviewPerStep() throws {
        var stages: [GenerationStage] = [], steps: [Int] = []
        var previewShape: [Int] = []
        _ = try engine().generate(request(steps: 5)) { ev in
            switch ev {
            case let .stage(s, _): stages.append(s)
            case let .step(i, n, _, preview): steps.append(i); XCTAssertEqual(n, 5); previewShape = preview.shape
            default: break
            }
        }
        XCTAssertEqual(stages, [.encoding, .prior, .denoising, .vocoding])
        XCTAssertEqual(steps, [0, 1, 2, 3, 4])
        XCTAssertEqual(previewShape, [32, 64])
    }

    func testStopEndsWithinOneStepAndSkipMovesToTheNextTake() throws {
        let e = try engine()
        let stop = GenerationControl()
        var stepsSeen = 0, cancelled = false
        let none = try e.generate(request(steps: 10), control: stop) { ev in
            if case .step = ev { stepsSeen += 1; if stepsSeen == 2 { stop.stop() } }
            if case .cancelled = ev { cancelled = true }
        }
        XCTAssertTrue(none.isEmpty)
        XCTAssertTrue(cancelled)
        XCTAssertEqual(stepsSeen, 2)

        let skip = GenerationControl()
        var skipped = false
        let takes = try e.generate(request(steps: 6), modes: [.prior, .zeroShot], control: skip) { ev in
            if case let .step(i, _, mode, _) = ev, mode == .prior, i == 1, !skipped { skipped = true; skip.skip() }
        }
        XCTAssertEqual(takes.map(\.mode), [.zeroShot])
    }

    func testDurationGivesExactlyTheAskedLength() throws {
        let e = try engine()
        var r = request()
        r.duration = 0.3
        XCTAssertEqual(try e.generate(r)[0].waveform.count, 4800)
        r.duration = 1.7
        XCTAssertEqual(try e.generate(r)[0].waveform.count, 27200)
    }

    func testNegativePromptChangesTheTake() throws {
        let e = try engine()
        var r = request(.zeroShot)
        let plain = try e.generate(r)[0].waveform
        r.negativePrompt = "thunder"
        XCTAssertNotEqual(plain, try e.generate(r)[0].waveform)
    }

    /// The negative turns the condition: at strength 0 it changes nothing, and more strength
    /// turns further (the take moves further from the plain one).
    func testNegativeStrengthZeroIsThePlainTakeAndMoreTurnsFurther() throws {
        let e = try engine()
        var r = request(.zeroShot)
        let plain = try e.generate(r)[0].mel
        r.negativePrompt = "thunder"
        r.negativeStrength = 0
        let none = try e.generate(r)[0].mel
        XCTAssertLessThan(maxDifference(plain, none), 1e-4, "strength 0 leaves the condition as it is")
        r.negativeStrength = 0.25
        let some = maxDifference(plain, try e.generate(r)[0].mel)
        r.negativeStrength = 1
        let more = maxDifference(plain, try e.generate(r)[0].mel)
        XCTAssertGreaterThan(some, 1e-3)
        XCTAssertGreaterThan(more, some)
    }

    func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
        zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
    }

    func testTurningTheConditionKeepsItAUnitVectorAwayFromTheNegative() {
        let c = Tensor(shape: [1, 3], scalars: [2, 0, 0]), n = Tensor(shape: [1, 3], scalars: [1, 1, 0])
        for s: Float in [0, 0.5, 1] {
            let t = NegativeCondition.turn(c, awayFrom: n, strength: s)
            XCTAssertEqual(t.scalars.map { $0 * $0 }.reduce(0, +), 1, accuracy: 1e-6)
            XCTAssertEqual(t.scalars[2], 0, "it stays in the plane of the two")
            XCTAssertLessThanOrEqual(GenerationEngine.cosine(t, n), GenerationEngine.cosine(c, n) + 1e-6)
        }
        XCTAssertEqual(NegativeCondition.turn(c, awayFrom: n, strength: 0).scalars, [1, 0, 0])
        XCTAssertLessThan(NegativeCondition.turn(c, awayFrom: n, strength: 1).scalars[1], 0, "turned to the far side of the negative")
        // A negative equal to the condition has no part that is not the prompt: nothing turns.
        XCTAssertEqual(NegativeCondition.turn(c, awayFrom: c, strength: 1).scalars, [1, 0, 0])
    }

    func testBadRequestsAreRefusedWithAMessage() throws {
        let e = try engine()
        var r = request(.zeroShot)
        r.prompt = "  "
        XCTAssertThrowsError(try e.generate(r)) { XCTAssertTrue("\($0)".contains("needs a prompt")) }
        r = request(.image)
        XCTAssertThrowsError(try e.generate(r)) { XCTAssertTrue("\($0)".contains("needs a picture")) }
        r.imagePath = "/nonexistent/picture.png"
        XCTAssertThrowsError(try e.generate(r)) { XCTAssertTrue("\($0)".contains("/nonexistent/picture.png")) }
        r = request(steps: 0)
        XCTAssertThrowsError(try e.generate(r)) { XCTAssertTrue("\($0)".contains("steps")) }
        r = request()
        r.duration = 601  // past the table's 600 s; long takes below it are continued window by window
        XCTAssertThrowsError(try e.generate(r)) { XCTAssertTrue("\($0)".contains("duration")) }
    }

    func testABundleWithoutAPriorRefusesPriorModeButRunsTheOthers() throws {
        let src = try TinyBundle.url.get()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-noprior-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in ["clip.safetensors", "unet.safetensors", "bpe_simple_vocab_16e6.txt"] {
            try FileManager.default.copyItem(at: src.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: src.appendingPathComponent("bundle.json"))) as? [String: Any] ?? [:]
        json["prior"] = nil
        try JSONSerialization.data(withJSONObject: json).write(to: dir.appendingPathComponent("bundle.json"))
        let e = try GenerationEngine(bundleAt: dir)
        XCTAssertFalse(e.hasPrior)
        XCTAssertThrowsError(try e.generate(request(.prior))) { XCTAssertTrue("\($0)".contains("has no prior")) }
        XCTAssertEqual(try e.generate(request(.zeroShot)).count, 1)
        // A negative in image mode is a picture-space condition, made by the prior.
        var r = request(.image)
        r.imagePath = TinyBundle.repositoryRoot.appendingPathComponent("Tests/Fixtures/images/rgb_40x30.png").path
        r.negativePrompt = "thunder"
        XCTAssertThrowsError(try e.generate(r)) { XCTAssertTrue("\($0)".contains("negative prompt in image mode goes through the prior"), "\($0)") }
        r.mode = .zeroShot
        XCTAssertEqual(try e.generate(r).count, 1, "zero-shot keeps the negative's text embedding, no prior needed")
    }

    /// Outside zero-shot the negative goes through the prior (once per request, however many
    /// takes use it), so it is subtracted in the space the U-Net was trained on.
    func testANegativeOutsideZeroShotIsMadeByThePrior() throws {
        let e = try engine()
        var r = request(.image)
        r.imagePath = TinyBundle.repositoryRoot.appendingPathComponent("Tests/Fixtures/images/rgb_40x30.png").path
        let plain = try e.generate(r)[0]
        XCTAssertEqual(plain.timings.prior, 0)
        r.negativePrompt = "thunder"
        var priorStages: [ConditioningMode] = []
        let takes = try e.generate(r, modes: [.image, .zeroShot, .prior]) { event in
            if case .stage(.prior, let mode) = event { priorStages.append(mode) }
        }
        XCTAssertEqual(priorStages, [.image, .prior], "the negative's prior sample is made once, for image mode; prior mode samples only its prompt")
        XCTAssertGreaterThan(takes[0].timings.prior, 0)
        XCTAssertEqual(takes[1].timings.prior, 0, "zero-shot subtracts the negative's text embedding")
        XCTAssertNotEqual(plain.waveform, takes[0].waveform)
    }
    /// The tiny bundle's prior has 1.1.0's math (no learned null condition, like LAION's): prior
    /// guidance other than 1 is refused with a message, not silently run at 1.
    func testPriorGuidanceRefusedOnA110Prior() throws {
        let e = try engine()
        XCTAssertFalse(e.priorGuidanceSupported)
        var r = request(.prior)
        r.priorGuidanceScale = 2
        XCTAssertThrowsError(try e.generate(r)) { XCTAssertTrue("\($0)".contains("learned null condition"), "\($0)") }
        r.priorGuidanceScale = 1
        XCTAssertEqual(try e.generate(r).count, 1)
    }

    /// The same bundle with a learned null condition added to its prior: guidance is offered and
    /// changes the take (same seed).
    func testPriorGuidanceChangesTheTakeWithANullCondition() throws {
        let src = try TinyBundle.url.get()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-nullprior-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in ["clip.safetensors", "unet.safetensors", "bpe_simple_vocab_16e6.txt"] {
            try FileManager.default.copyItem(at: src.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        let prior = try SafeTensors(contentsOf: src.appendingPathComponent("prior.safetensors"))
        var tensors: [String: Tensor] = [:]
        for name in prior.names { tensors[name] = try prior.tensor(name) }
        let dim = try XCTUnwrap(tensors["net.learned_query"]).count
        tensors["net.null_text_embeds"] = Tensor(shape: [1, 1, dim], scalars: (0..<dim).map { Float($0 % 7) / 7 - 0.4 })
        try SafeTensors.write(tensors, to: dir.appendingPathComponent("prior.safetensors"))
        let data = try Data(contentsOf: src.appendingPathComponent("bundle.json"))
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        var section = try XCTUnwrap(json["prior"] as? [String: Any])
        var config = try XCTUnwrap(section["config"] as? [String: Any])
        var net = try XCTUnwrap(config["net"] as? [String: Any])
        net["learned_null_condition"] = true
        config["net"] = net
        section["config"] = config
        json["prior"] = section
        try JSONSerialization.data(withJSONObject: json).write(to: dir.appendingPathComponent("bundle.json"))
        let e = try GenerationEngine(bundleAt: dir)
        XCTAssertTrue(e.priorGuidanceSupported)
        var r = request(.prior)
        let plain = try e.generate(r)[0].waveform
        r.priorGuidanceScale = 4
        XCTAssertNotEqual(plain, try e.generate(r)[0].waveform)
    }

    /// The committed mini bundle's prior was trained with the learned null condition: guidance
    /// is offered and changes its take.
    func testMiniBundlePriorGuidanceChangesTheTake() throws {
        let e = try GenerationEngine(bundleAt: TinyBundle.repositoryRoot.appendingPathComponent("models/mini"))
        XCTAssertTrue(e.priorGuidanceSupported)
        var r = GenerationRequest(prompt: "a dog barking", mode: .prior, seed: 3)
        r.steps = 2
        let plain = try e.generate(r)[0].waveform
        r.priorGuidanceScale = 3
        XCTAssertNotEqual(plain, try e.generate(r)[0].waveform)
    }

    /// `prior-weights float16` runs the prior on half-width weights: the take is its own (the
    /// embedding moves by the rounding), repeatable, and close to float32's; a mode without the
    /// prior is unchanged by it.
    func testHalfPriorWeightsMakeARepeatableTakeCloseToFloat32s() throws {
        let e = try engine()
        var r = request(.prior, steps: 3)
        let full = try e.generate(r)[0]
        r.priorWeights = .float16
        let half = try e.generate(r)[0], again = try e.generate(r)[0]
        XCTAssertEqual(half.waveform, again.waveform)
        XCTAssertNotEqual(half.mel.scalars, full.mel.scalars)
        let moved = largestDifference(half.mel, full.mel)
        XCTAssertLessThan(moved, 0.05, "float16 prior weights moved the mel by \(moved)")
        var zeroShot = request(.zeroShot, steps: 3)
        let plain = try e.generate(zeroShot)[0].waveform
        zeroShot.priorWeights = .float16
        XCTAssertEqual(try e.generate(zeroShot)[0].waveform, plain)
    }

    /// `precision bfloat16`: on a CPU with native bfloat16 kernels the take is its own,
    /// repeatable and close to float32's; on one without, the request is refused by name.
    func testBFloat16PrecisionMakesACloseTakeOrIsRefused() throws {
        let e = try engine()
        var r = request(.zeroShot, steps: 3)
        let full = try e.generate(r)[0]
        r.precision = .bfloat16
        guard ComputePrecision.bfloat16IsNative else {
            XCTAssertThrowsError(try e.generate(r)) { error in
                XCTAssertTrue("\(error)".contains("precision bfloat16 needs a CPU with AMX or AVX512_BF16"), "\(error)")
            }
            return
        }
        var notices: [String] = []
        let half = try e.generate(r, onEvent: { if case .notice(let text) = $0 { notices.append(text) } })[0]
        let again = try e.generate(r)[0]
        XCTAssertEqual(half.waveform, again.waveform)
        // Without AMX the bfloat16 kernels are slower than float32, and the request is told so.
        XCTAssertEqual(notices.contains(GenerationEngine.slowBFloat16Notice), !ComputePrecision.bfloat16HasMatrixUnits, "\(notices)")
        XCTAssertNotEqual(half.mel.scalars, full.mel.scalars)
        let moved = largestDifference(half.mel, full.mel)
        XCTAssertLessThan(moved, 0.1, "bfloat16 moved the mel by \(moved)")
        XCTAssertEqual(half.recipe.request.precision, .bfloat16)
        // Float32 afterwards is float32 again.
        XCTAssertEqual(try e.generate(request(.zeroShot, steps: 3))[0].waveform, full.waveform)
    }

    /// The largest difference between two mels over the largest value of the second.
    private func largestDifference(_ a: Tensor, _ b: Tensor) -> Float {
        var diff: Float = 0, size: Float = 0
        for (x, y) in zip(a.scalars, b.scalars) { diff = max(diff, abs(x - y)); size = max(size, abs(y)) }
        return diff / max(size, 1e-12)
    }
}
