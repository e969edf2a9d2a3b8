import Foundation
import XCTest
@testable import Models

/// Config decoding and strict weight loading for the prior.
final class PriorWeightsTests: XCTestCase {
    /// LAION's published config decodes as it is, to the built-in `laionViTL14`.
    func testLAIONConfigDecodes() throws {
        let data = try Data(contentsOf: fixtureURL("prior/laion_vit_l14_config.json"))
        let config = try JSONDecoder().decode(PriorConfig.self, from: data)
        XCTAssertEqual(config, PriorConfig.laionViTL14)
        XCTAssertNoThrow(try config.validate())
        XCTAssertEqual(config.net.totalTokens, 81)
        XCTAssertEqual(config.net.stepTokens, 3)
        XCTAssertEqual(config.effectiveImageEmbedScale, Float(768).squareRoot())
        // The same through the bundle's JSON decoder (bundle.json's prior.config).
        let value = try JSONParser.parse([UInt8](data))
        XCTAssertEqual(try value.decode(PriorConfig.self), config)
    }

    func testConfigRoundTripsAndRejectsUnsupported() throws {
        let config = try PriorFixtures.config("variant")
        let again = try JSONDecoder().decode(PriorConfig.self, from: JSONEncoder().encode(config))
        XCTAssertEqual(again, config)
        let selfCond = #"{"net": {"dim": 8, "depth": 1, "self_cond": true}}"#
        XCTAssertThrowsError(try JSONDecoder().decode(PriorConfig.self, from: Data(selfCond.utf8)))
        let jsd = #"{"net": {"dim": 8, "depth": 1}, "beta_schedule": "jsd"}"#
        XCTAssertThrowsError(try JSONDecoder().decode(PriorConfig.self, from: Data(jsd.utf8)))
        var bad = config
        bad.imageEmbedDim = 7
        XCTAssertThrowsError(try bad.validate()) { XCTAssertTrue("\($0)".contains("image_embed_dim")) }
    }

    /// The tensors the loader asks for are exactly those the converter wrote from dalle2-pytorch's
    /// state dict (nothing left over, nothing missing).
    func testLoadsConvertedFixturesStrictly() throws {
        for name in ["tiny", "variant"] {
            let config = try PriorFixtures.config(name)
            let tensors = try SafeTensors(contentsOf: fixtureURL("prior/\(name)/prior.safetensors"))
            let weights = try PriorWeights(config: config.net, safetensors: tensors)
            XCTAssertEqual(weights.layers.count, config.net.depth)
        }
    }

    func testMissingTensorIsNamed() throws {
        let error = try loadError { $0.removeValue(forKey: "net.causal_transformer.layers.1.0.to_q.weight") }
        XCTAssertEqual(error.map { "\($0)" }?.contains("tensor net.causal_transformer.layers.1.0.to_q.weight is missing"), true,
                       "\(String(describing: error))")
    }

    func testWrongShapeIsNamed() throws {
        let error = try loadError { $0["net.causal_transformer.layers.0.1.5.weight"] = Tensor(zeros: [32, 63]) }
        guard case let .shapeMismatch(_, tensor, found, expected)? = error else {
            return XCTFail("expected a shape mismatch, got \(String(describing: error))")
        }
        XCTAssertEqual(tensor, "net.causal_transformer.layers.0.1.5.weight")
        XCTAssertEqual(found, [32, 63])
        XCTAssertEqual(expected, [32, 64])
    }

    func testUnexpectedTensorIsNamed() throws {
        let error = try loadError { $0["net.causal_transformer.layers.0.0.to_v.weight"] = Tensor(zeros: [2, 2]) }
        guard case let .unexpectedTensors(_, names)? = error else {
            return XCTFail("expected unexpected tensors, got \(String(describing: error))")
        }
        XCTAssertEqual(names, ["net.causal_transformer.layers.0.0.to_v.weight"])
    }

    func testForeignRotaryFrequenciesAreRefused() throws {
        let error = try loadError { $0["net.causal_transformer.layers.0.0.rotary_emb.freqs"] = Tensor(shape: [16], repeating: 1) }
        guard case let .invalidTensorEntry(_, tensor, _)? = error else {
            return XCTFail("expected invalid rotary frequencies, got \(String(describing: error))")
        }
        XCTAssertEqual(tensor, "net.causal_transformer.layers.0.0.rotary_emb.freqs")
    }

    /// Loads the tiny fixture after `edit` changed its tensors; returns the loader's error.
    private func loadError(_ edit: (inout [String: Tensor]) -> Void) throws -> WeightsError? {
        let source = try SafeTensors(contentsOf: fixtureURL("prior/tiny/prior.safetensors"))
        var tensors: [String: Tensor] = [:]
        for name in source.names { tensors[name] = try source.tensor(name) }
        edit(&tensors)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prior-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.write(tensors, to: url)
        let config = try PriorFixtures.config("tiny").net
        do throws(WeightsError) {
            _ = try PriorWeights(config: config, safetensors: SafeTensors(contentsOf: url))
            return nil
        } catch {
            return error
        }
    }
}
