import Engine
import Foundation
import Models
import XCTest

/// The optional audio encoder through the engine: a bundle exported with one (the weights and
/// section training/clipsonic/audio_encoder_export.py wrote for Tests/Fixtures/audio_encoder/tiny)
/// gives PyTorch's embeddings; a bundle without one gives nil; a damaged or mismatched one is a
/// typed error at load, naming what is wrong.
final class AudioEncoderEngineTests: XCTestCase {
    static let fixtures = TinyBundle.repositoryRoot.appendingPathComponent("Tests/Fixtures/audio_encoder")

    /// A copy of the tiny random bundle with `weights` as audio_encoder.safetensors and the
    /// fixture section `section` (its `config` edited by `edit`) in bundle.json.
    private func bundle(weights: Data, section: String = "tiny",
                        edit: (inout [String: JSONValue]) -> Void = { _ in }) throws -> URL {
        let source = try TinyBundle.url.get()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-audio-enc-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: folder)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try weights.write(to: folder.appendingPathComponent("audio_encoder.safetensors"))
        let manifestURL = folder.appendingPathComponent("bundle.json")
        guard case var .object(manifest) = try JSONParser.parse(Array(try Data(contentsOf: manifestURL))),
              case var .object(fields) = try JSONParser.parse(Array(try Data(contentsOf: Self.fixtures.appendingPathComponent("\(section).json")))),
              case var .object(config) = fields["config"] else {
            throw XCTSkip("fixture JSON is not an object")
        }
        edit(&config)
        fields["config"] = .object(config)
        fields["weights"] = .string("audio_encoder.safetensors")
        manifest["audio_encoder"] = .object(fields)
        try Data(JSONWriter.text(.object(manifest)).utf8).write(to: manifestURL)
        return folder
    }

    private func fixtureWeights(_ name: String = "tiny") throws -> Data {
        try Data(contentsOf: Self.fixtures.appendingPathComponent("\(name).safetensors"))
    }

    func testExportedEncoderLoadsAndMatchesPyTorch() throws {
        let engine = try GenerationEngine(bundleAt: try bundle(weights: try fixtureWeights()))
        XCTAssertNotNil(engine.audioEncoder)
        let io = try SafeTensors(contentsOf: Self.fixtures.appendingPathComponent("tiny_io.safetensors"))
        var worst: Float = 0
        for k in 0..<3 {
            let mel = try io.tensor("mel_\(k)"), expected = try io.tensor("emb_\(k)")
            let single = try XCTUnwrap(try engine.audioEmbedding(mel: mel[0]))  // [n_mels, frames]
            XCTAssertEqual(single.shape, [32])
            for i in 0..<single.count { worst = max(worst, abs(single.pointer[i] - expected.pointer[i])) }
            let batch = try XCTUnwrap(try engine.audioEmbedding(mel: mel))
            for i in 0..<batch.count { worst = max(worst, abs(batch.pointer[i] - expected.pointer[i])) }
        }
        print("audio encoder through the engine: max abs error \(worst)")
        XCTAssertLessThanOrEqual(worst, 1e-4)
        XCTAssertThrowsError(try engine.audioEmbedding(mel: Tensor(zeros: [16, 10]))) { error in
            XCTAssertTrue("\(error)".contains("[32, frames]"), "\(error)")
        }
    }

    /// models/mini's trained encoder through the engine against PyTorch on real held-out mels
    /// (training/fixtures/gen_mini_audio_encoder.py: the bundle's encoder with its F16 weights read
    /// back as F32, and the F32 checkpoint before export when it was at hand).
    func testMiniBundleEncoderMatchesPyTorchOnRealMels() throws {
        let engine = try GenerationEngine(bundleAt: TinyBundle.repositoryRoot.appendingPathComponent("models/mini"))
        XCTAssertNotNil(engine.audioEncoder, "models/mini has an audio encoder")
        let io = try SafeTensors(contentsOf: Self.fixtures.appendingPathComponent("mini_bundle_io.safetensors"))
        var worst: Float = 0, worstF32: Float = 0
        var k = 0
        while io.header.tensors["mel_\(k)"] != nil {
            let mel = try io.tensor("mel_\(k)"), expected = try io.tensor("emb_\(k)")
            let embedding = try XCTUnwrap(try engine.audioEmbedding(mel: mel[0]))
            XCTAssertEqual(embedding.shape, [64])
            for i in 0..<embedding.count { worst = max(worst, abs(embedding.pointer[i] - expected.pointer[i])) }
            if io.header.tensors["emb32_\(k)"] != nil {
                let f32 = try io.tensor("emb32_\(k)")
                for i in 0..<embedding.count { worstF32 = max(worstF32, abs(embedding.pointer[i] - f32.pointer[i])) }
            }
            k += 1
        }
        XCTAssertGreaterThanOrEqual(k, 3)
        print("models/mini audio encoder, \(k) real mels: max abs error \(worst) against PyTorch on the stored F16 weights, "
              + "\(worstF32) against the F32 checkpoint")
        XCTAssertLessThanOrEqual(worst, 1e-4, "regenerate the fixture if models/mini's encoder changed: "
                                 + "python3 training/fixtures/gen_mini_audio_encoder.py --data work/mini")
        XCTAssertLessThanOrEqual(worstF32, 1e-2)
    }

    func testBundleWithoutEncoderStillLoadsAndGivesNil() throws {
        let engine = try TinyBundle.engine.get()
        XCTAssertNil(engine.audioEncoder)
        XCTAssertNil(try engine.audioEmbedding(mel: Tensor(zeros: [32, 8])))
    }

    private func assertRefused(_ url: URL, contains parts: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try GenerationEngine(bundleAt: url), file: file, line: line) { error in
            for part in parts {
                XCTAssertTrue("\(error)".contains(part), "\"\(error)\" lacks \"\(part)\"", file: file, line: line)
            }
        }
    }

    func testTruncatedEncoderFileIsAnError() throws {
        let bytes = try fixtureWeights()
        assertRefused(try bundle(weights: bytes.prefix(bytes.count - 100)), contains: ["audio_encoder.safetensors"])
        assertRefused(try bundle(weights: Data("not a safetensors file".utf8)), contains: ["audio_encoder.safetensors"])
    }

    func testEncoderOfAnotherWidthIsRefusedByField() throws {
        // mini_shapes makes 64-wide embeddings of 80 mels; the tiny bundle's CLIP is 32 wide.
        assertRefused(try bundle(weights: try fixtureWeights("mini_shapes"), section: "mini_shapes"),
                      contains: ["audio_encoder.config.embed_dim is 64", "32 wide"])
        assertRefused(try bundle(weights: try fixtureWeights("mini_shapes"), section: "mini_shapes") { $0["embed_dim"] = .number("32") },
                      contains: ["audio_encoder.config.n_mels is 80", "audio.n_mels is 32"])
    }

    func testWeightsThatDoNotFitTheConfigAreRefusedByTensor() throws {
        assertRefused(try bundle(weights: try fixtureWeights()) { $0["hidden_dim"] = .number("25") },
                      contains: ["audio_encoder.safetensors", "hidden.weight"])
    }

    func testHostileConfigValueNamesFieldValueAndRange() throws {
        assertRefused(try bundle(weights: try fixtureWeights()) { $0["channels"] = .array([.number("8"), .number("1000000000")]) },
                      contains: ["audio_encoder.config.channels", "1000000000"])
    }
}
