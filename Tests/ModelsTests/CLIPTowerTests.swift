import Foundation
import XCTest
@testable import Models

/// Parity of the CLIP towers with transformers on a tiny random CLIP (training/fixtures/gen_clip.py):
///   model = CLIPModel(CLIPConfig(text_config=TINY_TEXT, vision_config=TINY_VISION, projection_dim=24))
///   CLIPTextModelWithProjection(...)(input_ids=ids).text_embeds / .last_hidden_state (eos 999 and legacy eos 2)
///   CLIPVisionModelWithProjection(...)(pixel_values=pixels).image_embeds / .last_hidden_state
///   model(input_ids, pixel_values).text_embeds / .image_embeds (L2-normalised)
final class CLIPTowerTests: XCTestCase {
    func loadTiny() throws -> (CLIPModel, SafeTensors) {
        let config = try JSONDecoder().decode(CLIPConfig.self, from: Data(contentsOf: fixtureURL("clip/tiny_config.json")))
        let weights = try SafeTensors(contentsOf: fixtureURL("clip/tiny_clip.safetensors"))
        let model = try CLIPModel(weights: WeightBinder(weights), config: config)
        return (model, try SafeTensors(contentsOf: fixtureURL("clip/tiny_io.safetensors")))
    }

    /// assertClose, printing the measured error for the record.
    func check(_ a: Tensor, _ b: Tensor, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        if a.shape == b.shape { print("CLIP parity \(what): max rel error \(maxRelativeError(a, b))") }
        assertClose(a, b, what, file: file, line: line)
    }

    func ids(_ io: SafeTensors, _ name: String) throws -> [[Int]] {
        let t = try io.tensor(name)
        return (0..<t.dim(0)).map { r in (0..<t.dim(1)).map { Int(t.pointer[r * t.dim(1) + $0]) } }
    }

    func testTextTowerMatchesTransformers() throws {
        var (model, io) = try loadTiny()
        let tokens = try ids(io, "text.input_ids")
        let out = try model.text(tokens)
        check(out.projected, try io.tensor("text.eos.text_embeds"), "text_embeds (eos 999)")
        check(out.lastHiddenState, try io.tensor("text.eos.last_hidden_state"), "last_hidden_state")
        check(out.embeddings, try io.tensor("clip.text_embeds"), "normalised text embeddings")
        let masked = try model.text(tokens, attentionMask: try ids(io, "text.attention_mask"))
        check(masked.lastHiddenState, try io.tensor("text.masked.last_hidden_state"), "masked last_hidden_state")
        check(masked.projected, try io.tensor("text.masked.text_embeds"), "masked text_embeds")
        // Legacy configs (eos_token_id 2) pool at the argmax of the ids.
        var legacy = model.config
        legacy.textConfig.eosTokenId = 2
        model = try CLIPModel(weights: WeightBinder(SafeTensors(contentsOf: fixtureURL("clip/tiny_clip.safetensors"))), config: legacy)
        check(try model.text(tokens).projected, try io.tensor("text.legacy.text_embeds"), "text_embeds (legacy eos 2)")
    }

    /// Running only the rows a caller reads: the same embeddings, the same leading rows (against
    /// transformers' full run), zeros after them, for rows whose end tokens differ in place. The
    /// fixture's first two rows end at positions 7 and 5 of 12, so the tower runs 8 rows or more.
    func testTheTowerCanStopAtTheRowsNeeded() throws {
        let (model, io) = try loadTiny()
        let tokens = Array(try ids(io, "text.input_ids").prefix(2))
        let length = tokens[0].count
        let lastEnd = tokens.map { $0.firstIndex(of: model.config.textConfig.eosTokenId) ?? length }.max() ?? length
        XCTAssertLessThan(lastEnd + 1, length, "the fixture leaves rows to skip")
        // The first two rows of a fixture tensor.
        func firstTwo(_ t: Tensor) -> Tensor {
            Tensor(shape: [2] + t.shape.dropFirst(), scalars: Array(UnsafeBufferPointer(start: t.pointer, count: 2 * t.count / t.dim(0))))
        }
        let reference = try io.tensor("text.eos.last_hidden_state")
        let embeds = try io.tensor("text.eos.text_embeds")
        let width = reference.dim(-1)
        for needed in [1, lastEnd + 1, length - 1] {
            let out = try model.text(tokens, rowsNeeded: needed)
            check(out.projected, firstTwo(embeds), "text_embeds, \(needed) rows needed")
            XCTAssertEqual(out.lastHiddenState.shape, [2, length, width])
            let run = max(needed, lastEnd + 1)
            var want = [Float](repeating: 0, count: 2 * length * width)
            for r in 0..<2 {
                for t in 0..<run {
                    for j in 0..<width { want[(r * length + t) * width + j] = reference.pointer[(r * length + t) * width + j] }
                }
            }
            check(out.lastHiddenState, Tensor(shape: [2, length, width], scalars: want), "rows through \(run), zeros after")
        }
        let mask = Array(try ids(io, "text.attention_mask").prefix(2))
        let masked = try model.text(tokens, attentionMask: mask, rowsNeeded: 1)
        check(masked.projected, firstTwo(try io.tensor("text.masked.text_embeds")), "masked text_embeds, rows needed")
    }

    func testVisionTowerMatchesTransformers() throws {
        let (model, io) = try loadTiny()
        let out = try model.vision(try io.tensor("vision.pixel_values"))
        check(out.projected, try io.tensor("vision.image_embeds"), "image_embeds")
        check(out.lastHiddenState, try io.tensor("vision.last_hidden_state"), "vision last_hidden_state")
        check(out.embeddings, try io.tensor("clip.image_embeds"), "normalised image embeddings")
        for r in 0..<2 {
            var norm: Float = 0
            for j in 0..<24 { norm += out.embeddings.pointer[r * 24 + j] * out.embeddings.pointer[r * 24 + j] }
            XCTAssertEqual(norm, 1, accuracy: 1e-5)
        }
    }

    func testBadInputsAndWeightsGiveClearErrors() throws {
        let (model, _) = try loadTiny()
        XCTAssertThrowsError(try model.text([])) { XCTAssertEqual($0 as? CLIPInputError, .emptyBatch) }
        XCTAssertThrowsError(try model.text([[998, 5, 999], [998, 999]])) {
            XCTAssertEqual($0 as? CLIPInputError, .raggedBatch(lengths: [3, 2]))
        }
        XCTAssertThrowsError(try model.text([[998, 5000, 999]])) {
            XCTAssertEqual($0 as? CLIPInputError, .tokenOutOfRange(id: 5000, vocabularySize: 1000))
        }
        XCTAssertThrowsError(try model.text([Array(repeating: 1, count: 17)])) {
            XCTAssertEqual($0 as? CLIPInputError, .sequenceLength(found: 17, max: 16))
        }
        XCTAssertThrowsError(try model.text([[998, 5, 6]])) {
            XCTAssertEqual($0 as? CLIPInputError, .noEndToken(row: 0, endToken: 999))
        }
        XCTAssertThrowsError(try model.vision(Tensor(zeros: [1, 3, 16, 16]))) {
            XCTAssertEqual($0 as? CLIPInputError, .pixelShape(found: [1, 3, 16, 16], expected: [1, 3, 32, 32]))
        }
        // A config that does not fit the weights is caught by name and shape.
        var config = model.config
        config.textConfig.intermediateSize = 48
        XCTAssertThrowsError(try CLIPModel(weights: WeightBinder(SafeTensors(contentsOf: fixtureURL("clip/tiny_clip.safetensors"))),
                                           config: config)) {
            XCTAssertTrue("\($0)".contains("text_model.encoder.layers.0.mlp.fc1.weight"), "\($0)")
        }
        XCTAssertThrowsError(try JSONDecoder().decode(CLIPConfig.self, from: Data(#"{"text_config": {"hidden_size": 30, "num_attention_heads": 4}}"#.utf8)))
    }

    func testViTL14ConfigDecodesFromTransformersJSON() throws {
        let json = #"{"projection_dim": 768, "text_config": {"hidden_size": 768, "intermediate_size": 3072, "num_attention_heads": 12, "eos_token_id": 2, "projection_dim": 768},"#
            + #" "vision_config": {"hidden_size": 1024, "intermediate_size": 4096, "num_attention_heads": 16, "num_hidden_layers": 24, "patch_size": 14, "projection_dim": 768}}"#
        XCTAssertEqual(try JSONDecoder().decode(CLIPConfig.self, from: Data(json.utf8)), CLIPConfig.vitL14)
    }
}
