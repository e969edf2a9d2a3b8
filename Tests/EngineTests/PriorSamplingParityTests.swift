import Foundation
import XCTest
@testable import Engine
@testable import Models

/// Prior sampling against dalle2-pytorch 1.1.0 with injected noise (training/fixtures/gen_prior.py).
final class PriorSamplingParityTests: XCTestCase {
    /// DiffusionPrior.sample: 2 prompts × 2 candidates, 8 DDIM steps (η 1), the candidate closest
    /// to the text embedding kept. The reference ran at cond scale 2, which in 1.1.0 gives exactly
    /// the scale-1 result (its unconditional prediction is the conditional one); the engine
    /// refuses 2 for such a prior, so it samples at 1.
    func testSampleMatchesReference() throws {
        let (config, net) = try PriorSamplingFixtures.tiny()
        let f = try PriorSamplingFixtures.parity()
        let noise = PriorSamplingFixtures.queue(try f.tensor("sample.noise"))
        let sampler = try PriorSampler(config: config, network: net)
        let result = try sampler.sample(textEmbed: f.tensor("sample.text_embed"),
                                        textEncodings: f.tensor("sample.text_encodings"),
                                        options: PriorSamplingOptions(steps: 8, eta: 1, condScale: 1, candidates: 2),
                                        noise: noise.next)
        XCTAssertTrue(noise.isEmpty, "noise left over")
        let candidates = try f.tensor("sample.candidates")
        PriorSamplingFixtures.assertClose(result.candidates.reshaped([4, 32]), candidates, "candidates")
        PriorSamplingFixtures.assertClose(result.embeddings, try f.tensor("sample.out"), "kept embeddings")
        print("prior sample max rel err", PriorSamplingFixtures.relativeError(result.embeddings, try f.tensor("sample.out")),
              "candidates", PriorSamplingFixtures.relativeError(result.candidates.reshaped([4, 32]), candidates))
    }

    /// Guided sampling with the learned null condition: DiffusionPrior.sample at cond scale 3
    /// (2 prompts × 2 candidates, 8 DDIM steps, η 1), whose unconditional branch is the null
    /// condition's prediction (training/clipsonic/prior_null.py).
    func testGuidedSampleWithNullConditionMatchesReference() throws {
        let (config, net) = try PriorSamplingFixtures.withNullCondition()
        XCTAssertTrue(config.supportsGuidance)
        let f = try SafeTensors(contentsOf: PriorSamplingFixtures.url("null-parity.safetensors"))
        let noise = PriorSamplingFixtures.queue(try f.tensor("sample.noise"))
        let sampler = try PriorSampler(config: config, network: net)
        let result = try sampler.sample(textEmbed: f.tensor("sample.text_embed"),
                                        textEncodings: f.tensor("sample.text_encodings"),
                                        options: PriorSamplingOptions(steps: 8, eta: 1, condScale: 3, candidates: 2),
                                        noise: noise.next)
        XCTAssertTrue(noise.isEmpty, "noise left over")
        let candidates = try f.tensor("sample.candidates")
        PriorSamplingFixtures.assertClose(result.candidates.reshaped([4, 32]), candidates, "guided candidates")
        PriorSamplingFixtures.assertClose(result.embeddings, try f.tensor("sample.out"), "guided kept embeddings")
        print("prior guided sample (null condition) max rel err",
              PriorSamplingFixtures.relativeError(result.embeddings, try f.tensor("sample.out")),
              "candidates", PriorSamplingFixtures.relativeError(result.candidates.reshaped([4, 32]), candidates))
    }

    /// With the null condition, the scale changes the sample (same noise); at 1 it is the
    /// conditional sample alone.
    func testGuidanceChangesTheSampleWithANullCondition() throws {
        let (config, net) = try PriorSamplingFixtures.withNullCondition()
        let f = try SafeTensors(contentsOf: PriorSamplingFixtures.url("null-parity.safetensors"))
        let sampler = try PriorSampler(config: config, network: net)
        func sample(_ scale: Float) throws -> Tensor {
            let noise = PriorSamplingFixtures.queue(try f.tensor("sample.noise"))
            return try sampler.sample(textEmbed: f.tensor("sample.text_embed"), textEncodings: f.tensor("sample.text_encodings"),
                                      options: PriorSamplingOptions(steps: 8, eta: 1, condScale: scale, candidates: 2),
                                      noise: noise.next).candidates
        }
        let one = try sample(1), two = try sample(2), four = try sample(4)
        XCTAssertGreaterThan(PriorSamplingFixtures.relativeError(two, one), 1e-2)
        XCTAssertGreaterThan(PriorSamplingFixtures.relativeError(four, two), 1e-2)
    }

    /// A 1.1.0 prior (no learned null condition, like LAION's) refuses any scale but 1, even
    /// though it was trained with condition dropout; so does a null-condition prior trained without.
    func testGuidanceRefusedWithoutALearnedNullCondition() throws {
        let (config, net) = try PriorSamplingFixtures.tiny()
        XCTAssertGreaterThan(config.condDropProb, 0)
        XCTAssertFalse(config.supportsGuidance)
        let f = try PriorSamplingFixtures.parity()
        let text = try f.tensor("forward.text_embed"), enc = try f.tensor("forward.text_encodings")
        let flat = { (shape: [Int]) in Tensor(shape: shape, repeating: 0.5) }
        let sampler = try PriorSampler(config: config, network: net)
        for scale: Float in [0, 2, 4] {
            XCTAssertThrowsError(try sampler.sample(textEmbed: text, textEncodings: enc,
                                                    options: PriorSamplingOptions(steps: 3, condScale: scale), noise: flat)) {
                XCTAssertEqual($0 as? PriorError, .guidanceUnavailable(condScale: scale))
                XCTAssertTrue("\($0)".contains("learned null condition"), "\($0)")
            }
        }
        XCTAssertNoThrow(try sampler.sample(textEmbed: text, textEncodings: enc,
                                            options: PriorSamplingOptions(steps: 3, condScale: 1), noise: flat))
        var (nullConfig, nullNet) = try PriorSamplingFixtures.withNullCondition()
        nullConfig.condDropProb = 0
        XCTAssertThrowsError(try PriorSampler(config: nullConfig, network: nullNet)
            .sample(textEmbed: text, textEncodings: enc, options: PriorSamplingOptions(steps: 3, condScale: 2), noise: flat))
    }

    /// p_sample_loop_ddim with noise prediction, η 0.5 and an L2-normalised start.
    func testDDIMNoisePredictionMatchesReference() throws {
        var (config, net) = try PriorSamplingFixtures.tiny()
        config.predictXStart = false
        config.initImageEmbedL2Norm = true
        try checkLoop(config, net, key: "ddim_eps", steps: 5, eta: 0.5)
    }

    /// p_sample_loop_ddim with L2-norm clamping every step and at the end, η 0.
    func testDDIMClampedMatchesReference() throws {
        var (config, net) = try PriorSamplingFixtures.tiny()
        config.samplingClampL2Norm = true
        config.samplingFinalClampL2Norm = true
        try checkLoop(config, net, key: "ddim_clamp", steps: 6, eta: 0)
    }

    private func checkLoop(_ config: PriorConfig, _ net: DiffusionPriorNetwork, key: String, steps: Int, eta: Float) throws {
        let f = try PriorSamplingFixtures.parity()
        let noise = PriorSamplingFixtures.queue(try f.tensor("\(key).noise"))
        let sampler = try PriorSampler(config: config, network: net)
        let prompt = try net.encodePrompt(textEmbed: f.tensor("forward.text_embed"),
                                          textEncodings: f.tensor("forward.text_encodings"))
        let out = try sampler.ddim(prompt: prompt, options: PriorSamplingOptions(steps: steps, eta: eta), noise: noise.next)
        XCTAssertTrue(noise.isEmpty, "noise left over")
        PriorSamplingFixtures.assertClose(out, try f.tensor("\(key).out"), key)
        print("prior \(key) max rel err", PriorSamplingFixtures.relativeError(out, try f.tensor("\(key).out")))
    }

    func testDDIMGridsMatchReference() throws {
        let f = try PriorSamplingFixtures.parity()
        let schedule = PriorNoiseSchedule(schedule: .cosine, timesteps: 1000)
        for k in [1, 2, 5, 8, 25, 51, 59, 64, 100, 250, 999] {
            XCTAssertEqual(schedule.ddimTimes(steps: k), try f.tensor("grid.\(k)").scalars.map { Int($0) }, "grid \(k)")
        }
    }

    func testSchedulesMatchReference() throws {
        let f = try PriorSamplingFixtures.parity()
        for kind in PriorBetaSchedule.allCases {
            let s = PriorNoiseSchedule(schedule: kind, timesteps: 1000)
            PriorSamplingFixtures.assertClose(Tensor(shape: [1000], scalars: s.alphasCumprod),
                                              try f.tensor("schedule.\(kind.rawValue).alphas_cumprod"), tolerance: 1e-6,
                                              "\(kind) alphas_cumprod")
        }
        let s = PriorNoiseSchedule(schedule: .cosine, timesteps: 1000)
        PriorSamplingFixtures.assertClose(Tensor(shape: [1000], scalars: s.sqrtRecipm1AlphasCumprod),
                                          try f.tensor("schedule.cosine.sqrt_recipm1_alphas_cumprod"), tolerance: 1e-6,
                                          "cosine sqrt_recipm1_alphas_cumprod")
    }

    func testGuidanceRefusedOnA110PriorAndCancelStops() throws {
        let (config, net) = try PriorSamplingFixtures.tiny()
        let f = try PriorSamplingFixtures.parity()
        let text = try f.tensor("forward.text_embed"), enc = try f.tensor("forward.text_encodings")
        let gaussian = { (shape: [Int]) in Tensor(shape: shape, repeating: 0.5) }
        let unguided = try PriorSampler(config: config, network: net)
        XCTAssertThrowsError(try unguided.sample(textEmbed: text, textEncodings: enc,
                                                 options: PriorSamplingOptions(steps: 3, condScale: 3), noise: gaussian)) {
            XCTAssertEqual($0 as? PriorError, .guidanceUnavailable(condScale: 3))
        }
        var calls = 0
        XCTAssertThrowsError(try unguided.sample(textEmbed: text, textEncodings: enc, options: PriorSamplingOptions(steps: 5),
                                                 noise: gaussian, progress: { done, total in
                                                     calls += 1
                                                     XCTAssertEqual(total, 5)
                                                     return done < 2 })) {
            XCTAssertEqual($0 as? PriorError, .cancelled)
        }
        XCTAssertEqual(calls, 2)
        XCTAssertThrowsError(try unguided.sample(textEmbed: text, textEncodings: enc,
                                                 options: PriorSamplingOptions(steps: 1000), noise: gaussian))
    }

    /// LAION's full shapes (random weights) load through the strict safetensors path and sample
    /// 64 steps × 2 candidates. Slow in debug builds: run with CLIPSONIC_FULL_TESTS=1.
    func testLAIONFullSizeSamples() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["CLIPSONIC_FULL_TESTS"] == "1",
                          "set CLIPSONIC_FULL_TESTS=1 to run the full-size prior")
        let config = PriorConfig.laionViTL14
        let random = RandomPriorWeights(seed: 1)
        _ = try PriorWeights(config: config.net, source: random)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("laion-prior-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.write(random.made, to: url)
        let weights = try PriorWeights(config: config.net, safetensors: SafeTensors(contentsOf: url))
        let net = try DiffusionPriorNetwork(weights: weights)
        let sampler = try PriorSampler(config: config, network: net)
        let inputs = PriorSamplingFixtures.randomPrompt(dim: 768, tokens: 77, used: 12)
        var state: UInt64 = 42
        let start = Date()
        let result = try sampler.sample(textEmbed: inputs.embed, textEncodings: inputs.encodings,
                                        options: PriorSamplingOptions(candidates: 2),
                                        noise: { PriorSamplingFixtures.gaussian($0, state: &state) })
        let seconds = Date().timeIntervalSince(start)
        print("LAION prior, random weights: 64 steps x 2 candidates in \(seconds) s")
        XCTAssertEqual(result.embeddings.shape, [1, 768])
        XCTAssertFalse(result.embeddings.scalars.contains { !$0.isFinite })
        // The cached path matches the full forward pass at full size too; time both.
        var clock = Date()
        let prompt = try net.encodePrompt(textEmbed: inputs.embed, textEncodings: inputs.encodings)
        let encodeSeconds = Date().timeIntervalSince(clock)
        let x = PriorSamplingFixtures.gaussian([1, 768], state: &state) * config.effectiveImageEmbedScale
        clock = Date()
        let full = try net.forward(imageEmbed: x, timesteps: [500], textEmbed: inputs.embed, textEncodings: inputs.encodings)
        let fullSeconds = Date().timeIntervalSince(clock)
        clock = Date()
        let cached = try net.forward(imageEmbed: x, timesteps: [500], prompt: prompt)
        let stepSeconds = Date().timeIntervalSince(clock)
        print("LAION prior, one prompt: encode prompt \(encodeSeconds) s, cached step \(stepSeconds) s, "
              + "full forward \(fullSeconds) s")
        XCTAssertLessThanOrEqual(PriorSamplingFixtures.relativeError(cached, full), 1e-5)
    }
}
