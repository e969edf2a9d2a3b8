import Foundation
import XCTest
@testable import Models

/// The prior network against dalle2-pytorch 1.1.0 (training/fixtures/gen_prior.py).
final class PriorNetworkParityTests: XCTestCase {
    /// prior.net(image_embed, times, text_embed=..., text_encodings=...) with LAION's structure:
    /// normformer, rotary over 32 of 40 head channels, padded and zero-masked text encodings.
    func testForwardMatchesReference() throws {
        let net = try PriorFixtures.network("tiny")
        let f = try PriorFixtures.parity()
        let out = try net.forward(imageEmbed: f.tensor("forward.image_embed"),
                                  timesteps: PriorFixtures.integers(f.tensor("forward.times")),
                                  textEmbed: f.tensor("forward.text_embed"),
                                  textEncodings: f.tensor("forward.text_encodings"))
        assertClose(out, try f.tensor("forward.out"), "prior forward")
        print("prior forward max rel err", maxRelativeError(out, try f.tensor("forward.out")))
    }

    /// The other options: sinusoidal + MLP time embedding (with 1.1.0's integer truncation), two
    /// tokens per input, input norm, no rotary, no output norm or projection, encodings cut to
    /// max_text_len.
    func testVariantForwardMatchesReference() throws {
        let net = try PriorFixtures.network("variant")
        let f = try PriorFixtures.parity()
        let out = try net.forward(imageEmbed: f.tensor("variant.image_embed"),
                                  timesteps: PriorFixtures.integers(f.tensor("variant.times")),
                                  textEmbed: f.tensor("variant.text_embed"),
                                  textEncodings: f.tensor("variant.text_encodings"))
        assertClose(out, try f.tensor("variant.out"), "prior variant forward")
        print("prior variant max rel err", maxRelativeError(out, try f.tensor("variant.out")))
    }

    /// With float16 weights (`prior-weights float16`) the network computes what the float32
    /// one computes on the weights rounded to halves, through the full pass and the cached
    /// prompt; against the float32 reference it differs by the rounding alone.
    func testHalfWeightsComputeTheRoundedNetwork() throws {
        let net = try PriorFixtures.network("tiny")
        let half = try DiffusionPriorNetwork(weights: try net.weights.at(width: .float16))
        let rounded = try DiffusionPriorNetwork(weights: net.weights.withMatrices { matrix in
            guard case .float16(let h) = matrix.halved() else { return matrix }
            return .float32(h.widened())
        })
        let f = try PriorFixtures.parity()
        let image = try f.tensor("forward.image_embed"), text = try f.tensor("forward.text_embed")
        let encodings = try f.tensor("forward.text_encodings")
        let times = PriorFixtures.integers(try f.tensor("forward.times"))
        let out = try half.forward(imageEmbed: image, timesteps: times, textEmbed: text, textEncodings: encodings)
        assertClose(out, try rounded.forward(imageEmbed: image, timesteps: times, textEmbed: text, textEncodings: encodings),
                    tolerance: 1e-5, "float16 prior vs float32 on the rounded weights")
        let cached = try half.forward(imageEmbed: image, timesteps: times,
                                      prompt: try half.encodePrompt(textEmbed: text, textEncodings: encodings))
        assertClose(cached, out, tolerance: 1e-5, "float16 prior: cached vs full")
        let error = maxRelativeError(out, try f.tensor("forward.out"))
        print("prior forward with float16 weights: max rel err against the float32 reference", error)
        XCTAssertGreaterThan(error, 1e-6, "the weights were really rounded")
        XCTAssertLessThan(error, 1e-2)
        XCTAssertEqual(half.weights.layers[0].feedForwardIn.byteCount * 2, net.weights.layers[0].feedForwardIn.byteCount)
    }

    /// Caching the prompt tokens' keys and values gives the full forward pass's result.
    func testCachedPromptEqualsFullForward() throws {
        for name in ["tiny", "variant"] {
            let net = try PriorFixtures.network(name)
            let f = try PriorFixtures.parity()
            let key = name == "tiny" ? "forward" : "variant"
            let image = try f.tensor("\(key).image_embed"), text = try f.tensor("\(key).text_embed")
            let encodings = try f.tensor("\(key).text_encodings")
            let times = PriorFixtures.integers(try f.tensor("\(key).times"))
            let full = try net.forward(imageEmbed: image, timesteps: times, textEmbed: text, textEncodings: encodings)
            let prompt = try net.encodePrompt(textEmbed: text, textEncodings: encodings)
            let cached = try net.forward(imageEmbed: image, timesteps: times, prompt: prompt)
            assertClose(cached, full, tolerance: 1e-6, "\(name): cached vs full")
            // Repeating the cache per candidate equals encoding the repeated prompts.
            let twice = prompt.repeated(each: 2)
            let image2 = Ops.concat([image[0].reshaped([1, -1]), image[0].reshaped([1, -1]),
                                     image[1].reshaped([1, -1]), image[1].reshaped([1, -1])], axis: 0)
            let out2 = try net.forward(imageEmbed: image2, timesteps: [times[0], times[0], times[1], times[1]], prompt: twice)
            assertClose(out2.rows(2..<3), full.rows(1..<2), tolerance: 1e-6, "\(name): repeated cache")
        }
    }

    /// The prior with a learned null condition (training/clipsonic/prior_null.py) against its
    /// PyTorch reference: condition kept (cond_drop_prob 0), dropped (cond_drop_prob 1), and
    /// forward_with_cond_scale at 3, each through the full pass and the cached prompt.
    func testNullConditionForwardMatchesReference() throws {
        let net = try PriorFixtures.network("null")
        let f = try SafeTensors(contentsOf: fixtureURL("prior/null-parity.safetensors"))
        let image = try f.tensor("forward.image_embed"), text = try f.tensor("forward.text_embed")
        let encodings = try f.tensor("forward.text_encodings")
        let times = PriorFixtures.integers(try f.tensor("forward.times"))
        let cond = try net.forward(imageEmbed: image, timesteps: times, textEmbed: text, textEncodings: encodings)
        let null = try net.forward(imageEmbed: image, timesteps: times, textEmbed: text, textEncodings: encodings,
                                   dropCondition: true)
        assertClose(cond, try f.tensor("forward.cond"), "null-condition prior, condition kept")
        assertClose(null, try f.tensor("forward.null"), "null-condition prior, condition dropped")
        let guided = Ops.broadcast(cond, null) { c, u in u + (c - u) * 3 }
        assertClose(guided, try f.tensor("forward.guided"), "null-condition prior, cond scale 3")
        print("prior null condition max rel err: cond", maxRelativeError(cond, try f.tensor("forward.cond")),
              "null", maxRelativeError(null, try f.tensor("forward.null")),
              "guided", maxRelativeError(guided, try f.tensor("forward.guided")))
        // The dropped branch really differs, and the cached null prompt gives the full pass's result.
        XCTAssertGreaterThan(maxRelativeError(null, cond), 1e-2)
        let cached = try net.forward(imageEmbed: image, timesteps: times, prompt: try net.encodeNullPrompt(batch: 2))
        assertClose(cached, null, tolerance: 1e-6, "cached null prompt vs full")
    }

    /// A 1.1.0 prior has no null condition: dropping it is refused, not faked.
    func testDroppingTheConditionNeedsALearnedNull() throws {
        let net = try PriorFixtures.network("tiny")
        XCTAssertNil(net.weights.nullTextEmbeds)
        XCTAssertThrowsError(try net.encodeNullPrompt(batch: 1)) { error in
            XCTAssertTrue("\(error)".contains("learned_null_condition"), "\(error)")
        }
    }

    /// RelPosBias._relative_position_bucket for distances 0..<512.
    func testRelativePositionBucketsMatchReference() throws {
        let expected = PriorFixtures.integers(try PriorFixtures.parity().tensor("buckets"))
        XCTAssertEqual((0..<expected.count).map { PriorRelativePositionBias.bucket(distance: $0) }, expected)
        XCTAssertEqual(PriorRelativePositionBias.bucket(distance: -5), 0)
    }

    func testRejectsBadInputs() throws {
        let net = try PriorFixtures.network("tiny")
        let text = Tensor(zeros: [2, 32])
        XCTAssertThrowsError(try net.forward(imageEmbed: Tensor(zeros: [2, 31]), timesteps: [1, 2], textEmbed: text,
                                             textEncodings: nil))
        XCTAssertThrowsError(try net.forward(imageEmbed: Tensor(zeros: [2, 32]), timesteps: [1, 1000], textEmbed: text,
                                             textEncodings: nil)) { error in
            XCTAssertTrue("\(error)".contains("1000"), "\(error)")
        }
        XCTAssertThrowsError(try net.encodePrompt(textEmbed: text, textEncodings: Tensor(zeros: [3, 4, 32])))
    }
}
