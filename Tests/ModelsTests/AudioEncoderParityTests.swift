import Foundation
import XCTest
@testable import Models

/// The Swift audio encoder against PyTorch's (training/clipsonic/audio_encoder.py), on fixtures
/// from training/fixtures/gen_audio_encoder.py: random weights, mels with odd frame counts
/// (21, 1, 77), a batch of two; and its refusals of configs and weight files that do not fit.
final class AudioEncoderParityTests: XCTestCase {
    private struct Section: Decodable { let config: AudioEncoderConfiguration }

    static func configuration(_ text: String) throws -> AudioEncoderConfiguration {
        try JSONValueDecoder().decode(Section.self, from: text).config
    }

    static func load(_ name: String, config: AudioEncoderConfiguration? = nil) throws -> AudioEncoder {
        let text = String(decoding: try Data(contentsOf: fixtureURL("audio_encoder/\(name).json")), as: UTF8.self)
        let binder = WeightBinder(try SafeTensors(contentsOf: fixtureURL("audio_encoder/\(name).safetensors")))
        let encoder = try AudioEncoder(configuration: try config ?? configuration(text), weights: binder)
        try binder.finish()
        return encoder
    }

    /// Max absolute error over every input of the case; asserted <= 1e-4.
    private func checkParity(_ name: String, inputs: Int) throws {
        let encoder = try Self.load(name)
        let io = try SafeTensors(contentsOf: fixtureURL("audio_encoder/\(name)_io.safetensors"))
        var worst: Float = 0
        for k in 0..<inputs {
            let mel = try io.tensor("mel_\(k)"), expected = try io.tensor("emb_\(k)")
            let actual = try encoder.embed(mel)
            XCTAssertEqual(actual.shape, expected.shape, "\(name) input \(k)")
            for i in 0..<expected.count { worst = max(worst, abs(actual.pointer[i] - expected.pointer[i])) }
            // An unbatched mel gives the batch's row.
            let single = try encoder.embed(mel[0])
            for i in 0..<single.count { worst = max(worst, abs(single.pointer[i] - expected.pointer[i])) }
        }
        print("audio encoder \(name): max abs error \(worst) against PyTorch")
        XCTAssertFalse(worst.isNaN)
        XCTAssertLessThanOrEqual(worst, 1e-4, name)
    }

    func testTinyMatchesPyTorch() throws { try checkParity("tiny", inputs: 3) }

    func testMiniShapesInF16MatchPyTorch() throws { try checkParity("mini_shapes", inputs: 2) }

    func testParameterCountMatchesPyTorch() throws {
        var c = AudioEncoderConfiguration()
        c.embedDim = 64
        XCTAssertEqual(c.parameterCount, 290_432)  // sum(p.numel()) of AudioEncoder(AudioEncoderConfig(embed_dim=64))
        let tiny = try Self.load("tiny")
        let file = try SafeTensors(contentsOf: fixtureURL("audio_encoder/tiny.safetensors"))
        XCTAssertEqual(tiny.configuration.parameterCount, try file.names.reduce(0) { $0 + (try file.info($1)).shape.reduce(1, *) })
    }

    func testEmbeddingsHaveUnitLength() throws {
        let e = try Self.load("tiny").embed(Tensor(shape: [32, 5], repeating: 0.3))
        let norm = e.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
        XCTAssertEqual(norm, 1, accuracy: 1e-5)
    }

    func testWrongMelShapeIsAnErrorNotATrap() throws {
        let encoder = try Self.load("tiny")
        for shape in [[31, 10], [32, 0], [2, 32], [1, 1, 32, 10], [0, 32, 10]] {
            XCTAssertThrowsError(try encoder.embed(Tensor(zeros: shape))) { error in
                XCTAssertEqual(error as? AudioEncoderError, .wrongShape(found: shape, nMels: 32))
                XCTAssertTrue("\(error)".contains("[32, frames]"), "\(error)")
            }
        }
    }

    func testConfigValuesOutOfRangeNameTheFieldValueAndRange() {
        let cases: [(String, [String])] = [
            (#"{"config": {"channels": [8, 0]}}"#, ["channels", "element 1", "found 0"]),
            (#"{"config": {"channels": [8], "norm_groups": 3}}"#, ["norm_groups", "channels[0] = 8", "3 groups"]),
            (#"{"config": {"hidden_dim": 100000000}}"#, ["hidden_dim", "from 1 to 65536", "found 100000000"]),
            (#"{"config": {"embed_dim": -1}}"#, ["embed_dim", "found -1"]),
            (#"{"config": {"channels": [8,8,8,8,8,8,8,8,8,8,8,8,8]}}"#, ["channels", "from 1 to 12 numbers", "found 13"]),
            (#"{"config": {"norm_eps": 0}}"#, ["norm_eps"]),
        ]
        for (text, parts) in cases {
            XCTAssertThrowsError(try Self.configuration(text), text) { error in
                for part in parts { XCTAssertTrue("\(error)".contains(part), "\(text): \"\(error)\" lacks \"\(part)\"") }
            }
        }
    }

    func testWeightsThatDoNotFitTheConfigAreRefusedByName() throws {
        var wider = AudioEncoderConfiguration()
        wider.nMels = 32; wider.channels = [8, 16, 16]; wider.normGroups = 4; wider.hiddenDim = 25; wider.embedDim = 32
        XCTAssertWeightsError(try Self.load("tiny", config: wider),
                              contains: ["tiny.safetensors", "hidden.weight", "[24,16]", "[25,16]"])
        var shallower = wider
        shallower.hiddenDim = 24; shallower.channels = [8, 16]
        // blocks.2 is left over, so finish() refuses the file.
        XCTAssertWeightsError(try Self.load("tiny", config: shallower), contains: ["tiny.safetensors", "blocks.2.conv.weight"])
        var deeper = wider
        deeper.hiddenDim = 24; deeper.channels = [8, 16, 16, 16]
        XCTAssertWeightsError(try Self.load("tiny", config: deeper), contains: ["blocks.3.conv.weight"])
    }

    func testTruncatedWeightsFileIsAnError() throws {
        let folder = try SafeTensorsTestFile.temporaryFolder(self)
        let bytes = try Data(contentsOf: fixtureURL("audio_encoder/tiny.safetensors"))
        let cut = folder.appendingPathComponent("tiny.safetensors")
        try bytes.prefix(bytes.count / 2).write(to: cut)
        XCTAssertWeightsError(try SafeTensors(contentsOf: cut), contains: ["tiny.safetensors"])
    }
}
