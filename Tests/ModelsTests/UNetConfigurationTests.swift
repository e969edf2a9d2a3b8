import Foundation
import XCTest
@testable import Models

final class UNetConfigurationTests: XCTestCase {
    func testFullSizeParameterCountMatchesDesign() throws {
        // python3 -c "from training.clipsonic.unet import *; print(count_parameters(UNet(UNetConfig(**PRESETS['full']))))"
        XCTAssertEqual(try UNetBench.parameterCount(.full), 92_415_617)
        // PRESETS["small"]
        XCTAssertEqual(try UNetBench.parameterCount(.small), 4_929_633)
    }

    func testDecodesSnakeCaseWithDefaults() throws {
        let json = #"{"base_channels": 32, "channel_multipliers": [1, 2], "attention_levels": [1],"#
            + #" "head_channels": 16, "clip_dim": 512, "norm_groups": 8, "cross_attention": true, "dropout": 0.1}"#
        let c = try JSONDecoder().decode(UNetConfiguration.self, from: Data(json.utf8))
        XCTAssertEqual(c.baseChannels, 32)
        XCTAssertEqual(c.levelChannels, [32, 64])
        XCTAssertEqual(c.embedDim, 128)
        XCTAssertTrue(c.crossAttention)
        XCTAssertEqual(c.resBlocks, 2)
        XCTAssertEqual(c.sizeMultiple, 2)
        XCTAssertNil(c.problem)
        let back = try JSONDecoder().decode(UNetConfiguration.self, from: JSONEncoder().encode(c))
        XCTAssertEqual(back, c)
        XCTAssertEqual(try JSONDecoder().decode(UNetConfiguration.self, from: Data("{}".utf8)), .full)
    }

    func testInconsistentConfigurationIsATypedError() {
        var c = UNetConfiguration.small
        c.attentionLevels = [7]
        XCTAssertThrowsError(try UNet(configuration: c, weights: RandomUNetWeights(), manifest: "m/bundle.json")) { e in
            guard case .invalidManifest(let file, let path, _) = e as? WeightsError else {
                return XCTFail("unexpected \(e)")
            }
            XCTAssertEqual(file, "m/bundle.json")
            XCTAssertEqual(path, "unet.config.attention_levels")
        }
        c = .small
        c.headChannels = 48
        XCTAssertEqual(c.problem?.key, "head_channels")
    }

    func testWrongWeightsAreNamed() throws {
        // The tiny fixture's weights loaded with a wider configuration: the first tensor that
        // differs is named with both shapes.
        let weights = try SafeTensors(contentsOf: fixtureURL("unet/tiny.safetensors"))
        let json = try Data(contentsOf: fixtureURL("unet/tiny.json"))
        var config = try JSONDecoder().decode(UNetConfiguration.self, from: json)
        config.clipDim = 16
        XCTAssertThrowsError(try UNet(configuration: config, weights: WeightBinder(weights))) { e in
            XCTAssertEqual(e as? WeightsError, .shapeMismatch(file: weights.source, tensor: "null_embedding",
                                                              found: [12], expected: [16]))
        }
        // Fewer levels than the file has: everything the network did not take is reported.
        config = try JSONDecoder().decode(UNetConfiguration.self, from: json)
        config.resBlocks = 0
        XCTAssertThrowsError(try UNet(configuration: config, weights: WeightBinder(weights)))
    }

    func testFullSizeRunsWithRandomWeights() throws {
        // Slow in debug builds (~314 GFLOP): CLIPSONIC_FULL_TESTS=1 swift test --filter UNetConfigurationTests
        try XCTSkipUnless(ProcessInfo.processInfo.environment["CLIPSONIC_FULL_TESTS"] == "1",
                          "set CLIPSONIC_FULL_TESTS=1 to run the full-size U-Net")
        var start = Date()
        let unet = UNetBench.randomFullSize()
        print("full-size U-Net random weights: \(Date().timeIntervalSince(start)) s")
        for batch in [1, 2] {
            let (x, t, clip) = UNetBench.inputs(for: unet, batch: batch)
            start = Date()
            let out = unet(x, timeSteps: t, clip: clip)
            print("full-size U-Net step (batch \(batch)): \(Date().timeIntervalSince(start)) s")
            XCTAssertEqual(out.shape, [batch, 1, 80, 256])
            XCTAssertTrue(out.scalars.allSatisfy { $0.isFinite })
        }
    }

    func testSmallRunsOnUnpaddedAndPaddedSizes() {
        let unet = UNetBench.random(configuration: .small, seed: 1)
        for frames in [8, 13] {
            let (x, t, clip) = UNetBench.inputs(for: unet, batch: 2, frames: frames)
            let out = unet(x, timeSteps: t, clip: clip)
            XCTAssertEqual(out.shape, [2, 1, 80, frames])
            XCTAssertTrue(out.scalars.allSatisfy { $0.isFinite })
        }
    }
}
