import Foundation
import XCTest
@testable import Models

/// Parity of the BigVGAN generator with NVIDIA's `bigvgan` package (PyPI 2.4.1) on tiny random
/// configurations; fixtures from training/fixtures/gen_bigvgan.py, weights converted by
/// training/convert/bigvgan.py.
final class BigVGANTests: XCTestCase {
    /// The bundle.json vocoder section the converter writes.
    struct VocoderSection: Decodable {
        let kind: String
        let weights: String
        let config: BigVGANConfiguration
    }

    func load(_ name: String) throws -> (BigVGAN, VocoderSection) {
        let section = try JSONDecoder().decode(VocoderSection.self,
                                               from: Data(contentsOf: fixtureURL("bigvgan/\(name).json")))
        XCTAssertEqual(section.kind, "bigvgan")
        let weights = try SafeTensors(contentsOf: fixtureURL("bigvgan/\(section.weights)"))
        return (try BigVGAN(configuration: section.config, binder: WeightBinder(weights)), section)
    }

    func testParityWithReference() throws {
        // (fixture, tanh at the end, bias at the end, resblock, activation)
        let cases: [(String, Bool, Bool, String, BigVGANConfiguration.Activation)] = [
            ("v1_snake", true, true, "1", .snake),
            ("v2_snakebeta", false, false, "1", .snakeBeta),
            ("amp2_snakebeta_tanh", true, true, "2", .snakeBeta),
        ]
        for (name, tanh, bias, resblock, activation) in cases {
            let (model, section) = try load(name)
            XCTAssertEqual(section.config.useTanhAtFinal, tanh, name)
            XCTAssertEqual(section.config.useBiasAtFinal, bias, name)
            XCTAssertEqual(section.config.resblock, resblock, name)
            XCTAssertEqual(section.config.activation, activation, name)
            let io = try SafeTensors(contentsOf: fixtureURL("bigvgan/\(name).io.safetensors"))
            let audio = try model(try io.tensor("mel"))
            let expected = try io.tensor("audio")
            print("bigvgan \(name): max relative error \(maxRelativeError(audio, expected))")
            assertClose(audio, expected, name)
        }
    }

    func testUnbatchedMelGivesOneItem() throws {
        let (model, _) = try load("v2_snakebeta")
        let io = try SafeTensors(contentsOf: fixtureURL("bigvgan/v2_snakebeta.io.safetensors"))
        let mel = try io.tensor("mel")
        let audio = try model(mel[0])
        assertClose(audio, try io.tensor("audio"), "unbatched")
        XCTAssertThrowsError(try model(Tensor(zeros: [1, 5, 4])))
    }

    func testCheckpointFiltersAreTheKaiserSincFilter() throws {
        let weights = try SafeTensors(contentsOf: fixtureURL("bigvgan/v1_snake.safetensors"))
        let filters = weights.names.filter { $0.hasSuffix(".filter") }
        XCTAssertEqual(filters.count, 2 * (3 * 2 * 6 + 1))
        for name in filters {
            assertClose(try weights.tensor(name).reshaped([12]), Tensor(shape: [12], scalars: KaiserSincFilter.bigvgan),
                        tolerance: 1e-6, name)
        }
    }

    /// The loader is strict: a missing, misshapen or unexpected tensor is an error naming it.
    func testLoadingIsStrict() throws {
        let weights = try SafeTensors(contentsOf: fixtureURL("bigvgan/v1_snake.safetensors"))
        let section = try JSONDecoder().decode(VocoderSection.self,
                                               from: Data(contentsOf: fixtureURL("bigvgan/v1_snake.json")))
        var tensors: [String: Tensor] = [:]
        for name in weights.names { tensors[name] = try weights.tensor(name) }
        XCTAssertNoThrow(try BigVGAN(configuration: section.config, tensors: tensors))

        var missing = tensors
        missing["ups.1.0.weight"] = nil
        XCTAssertThrowsError(try BigVGAN(configuration: section.config, tensors: missing)) { error in
            XCTAssertEqual(error as? WeightsError, .missingTensor(file: "in-memory BigVGAN weights", tensor: "ups.1.0.weight"))
        }
        var extra = tensors
        extra["conv_post.bias"] = Tensor(zeros: [1])
        var noBias = section.config
        noBias.useBiasAtFinal = false
        XCTAssertThrowsError(try BigVGAN(configuration: noBias, tensors: extra)) { error in
            XCTAssertEqual(error as? WeightsError, .unexpectedTensors(file: "in-memory BigVGAN weights", names: ["conv_post.bias"]))
        }
        var wider = section.config
        wider.numMels = 13
        XCTAssertThrowsError(try BigVGAN(configuration: wider, tensors: tensors)) { error in
            XCTAssertEqual(error as? WeightsError, .shapeMismatch(file: "in-memory BigVGAN weights",
                                                                 tensor: "conv_pre.weight", found: [32, 12, 7], expected: [32, 13, 7]))
        }
    }

    func testConfigurationDefaultsAndValidation() throws {
        // A v1 config.json: no use_tanh_at_final / use_bias_at_final, training keys beside.
        let json = #"""
        {"resblock": "1", "num_gpus": 0, "batch_size": 32, "upsample_rates": [4,4,2,2,2,2],
         "upsample_kernel_sizes": [8,8,4,4,4,4], "upsample_initial_channel": 1536,
         "resblock_kernel_sizes": [3,7,11], "resblock_dilation_sizes": [[1,3,5],[1,3,5],[1,3,5]],
         "activation": "snakebeta", "snake_logscale": true, "num_mels": 80, "n_fft": 1024,
         "hop_size": 256, "win_size": 1024, "sampling_rate": 22050, "fmin": 0, "fmax": 8000}
        """#
        let config = try JSONDecoder().decode(BigVGANConfiguration.self, from: Data(json.utf8))
        XCTAssertTrue(config.useTanhAtFinal)
        XCTAssertTrue(config.useBiasAtFinal)
        XCTAssertEqual(config.hopLength, 256)
        XCTAssertEqual(config.mel, MelConfiguration(fmax: 8000))
        let roundTrip = try JSONDecoder().decode(BigVGANConfiguration.self, from: JSONEncoder().encode(config))
        XCTAssertEqual(roundTrip, config)

        var bad = config
        bad.resblock = "3"
        XCTAssertThrowsError(try bad.validate())
        bad = config
        bad.upsampleInitialChannel = 32  // 32 >> 6 stages leaves no channel
        XCTAssertThrowsError(try bad.validate())
        bad = config
        bad.resblockDilationSizes = [[1, 3, 5]]
        XCTAssertThrowsError(try bad.validate())
    }

    /// The full bigvgan_v2_22khz_80band_256x shapes: the Swift network asks for exactly the
    /// tensors (names, shapes) of NVIDIA's model with weight norm removed.
    func testFullSizeNamesAndShapesMatchReference() throws {
        struct Names: Decodable {
            let config: BigVGANConfiguration
            let tensors: [String: [Int]]
        }
        let reference = try JSONDecoder().decode(Names.self,
                                                 from: Data(contentsOf: fixtureURL("bigvgan/full_v2_22khz_80band.names.json")))
        XCTAssertEqual(reference.config.numMels, BigVGANConfiguration.v2_22kHz80Band256x.numMels)
        var reference22k = reference.config
        reference22k.mel = BigVGANConfiguration.v2_22kHz80Band256x.mel
        XCTAssertEqual(reference22k, BigVGANConfiguration.v2_22kHz80Band256x)
        var asked: [String: [Int]] = [:]
        _ = try BigVGAN(configuration: .v2_22kHz80Band256x, source: BigVGANTensorSource { name, shape in
            asked[name] = shape
            // Parameters are read; a tiny stand-in is enough for everything but the shape record.
            return name.hasSuffix(".filter") || name.hasSuffix(".alpha") || name.hasSuffix(".beta")
                ? Tensor(zeros: shape) : Tensor(zeros: [0])
        })
        XCTAssertEqual(asked, reference.tensors)
    }

    /// Random full-size weights (112 M values) load and run on a few frames. About 7 s in a
    /// debug build, so not gated behind CLIPSONIC_FULL_TESTS.
    func testFullSizeRandomWeightsRun() throws {
        let start = Date()
        let model = try BigVGAN.random()
        let loaded = Date()
        let frames = 8
        let mel = Tensor(shape: [1, 80, frames], scalars: (0..<(80 * frames)).map { -4 + sin(Float($0)) })
        let audio = try model(mel)
        XCTAssertEqual(audio.shape, [1, 1, frames * 256])
        XCTAssertTrue(audio.scalars.allSatisfy { $0.isFinite && abs($0) <= 1 })
        print(String(format: "bigvgan full size: random weights %.1f s, %d frames %.1f s",
                     loaded.timeIntervalSince(start), frames, Date().timeIntervalSince(loaded)))
    }
}
