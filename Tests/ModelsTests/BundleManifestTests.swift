import Foundation
import XCTest
@testable import Models

/// bundle.json parsing: typed fields, JSON paths in errors, validation.
final class BundleManifestTests: XCTestCase {
    let source = "models/x/bundle.json"
    typealias M = BundleTestManifest

    func parse(_ object: [String: Any]) throws -> BundleManifest {
        try BundleManifest.parse(data: try M.data(object), source: source)
    }

    func testValidManifest() throws {
        let m = try parse(M.object())
        XCTAssertEqual(m.name, "x")
        XCTAssertEqual(m.audio.sampleRate, 16000)
        XCTAssertEqual(m.audio.fmax, 8000)
        XCTAssertEqual(m.audio.log, BundleMelLog(base: .e, floor: 1e-5, mean: 0, std: 1))
        XCTAssertEqual(m.unet.weights, "unet.safetensors")
        XCTAssertEqual(m.unet.key, "unet")
        XCTAssertEqual(m.vocoder.kind, "bigvgan")
        XCTAssertEqual(m.clip.files.map(\.name), ["clip.safetensors", "bpe.txt"])
        XCTAssertEqual(m.components.map(\.kind), [.clip, .prior, .unet, .vocoder])
        XCTAssertEqual(try m.unet.decode(String.self, field: "prediction"), "eps")
    }

    func testCommittedExampleParses() throws {
        let url = SafeTensorsTestFile.fixtures.appendingPathComponent("bundle.json")
        let m = try BundleManifest.parse(data: try Data(contentsOf: url), source: url.path)
        XCTAssertEqual(m.name, "example")
        XCTAssertEqual(m.vocoder.config["upsample_rates"], .array([4, 4, 2, 2, 2, 2].map { .int($0) }))
    }

    func testMissingField() {
        XCTAssertWeightsError(try parse(M.editing("audio.hop", nil)),
                              contains: ["models/x/bundle.json: audio.hop: missing field"])
        XCTAssertWeightsError(try parse(M.editing("license", nil)), contains: [source, "license: missing field"])
        XCTAssertWeightsError(try parse(M.editing("unet.weights", nil)), contains: [source, "unet.weights: missing field"])
        XCTAssertWeightsError(try parse(M.editing("vocoder.kind", nil)), contains: [source, "vocoder.kind: missing field"])
    }

    func testMistypedField() {
        XCTAssertWeightsError(try parse(M.editing("audio.sample_rate", "16000")),
                              contains: ["models/x/bundle.json: audio.sample_rate: expected an integer, found a string"])
        XCTAssertWeightsError(try parse(M.editing("audio.hop", 256.5)),
                              contains: [source, "audio.hop: expected an integer, found 256.5"])
        XCTAssertWeightsError(try parse(M.editing("audio.fmax", NSNull())),
                              contains: [source, "audio.fmax: expected a number, found null"])
        XCTAssertWeightsError(try parse(M.editing("unet.config", [1, 2])),
                              contains: [source, "unet.config: expected an object, found an array"])
        XCTAssertWeightsError(try parse(M.editing("audio.log.base", "2")),
                              contains: [source, "audio.log.base: unknown log base \"2\""])
    }

    func testOptionalPriorMayBeAbsent() throws {
        let m = try parse(M.editing("prior", nil))
        XCTAssertNil(m.prior)
        XCTAssertEqual(m.components.map(\.kind), [.clip, .unet, .vocoder])
    }

    func testGriffinLimNeedsNoWeights() throws {
        var o = M.object()
        o["vocoder"] = ["kind": "griffin-lim", "config": ["iterations": 32]]
        XCTAssertNil(try parse(o).vocoder.weights)
    }

    func testValidation() {
        XCTAssertWeightsError(try parse(M.editing("format", "other")),
                              contains: [source, "format: expected \"clipsonic-bundle\", found \"other\""])
        XCTAssertWeightsError(try parse(M.editing("version", 2)), contains: [source, "version: version 2 is not supported"])
        XCTAssertWeightsError(try parse(M.editing("audio.hop", 0)), contains: [source, "audio.hop: must be from 1 to 65536, found 0"])
        // Sizes that would reach an allocation are refused with their range.
        XCTAssertWeightsError(try parse(M.editing("audio.frames", 1_000_000_000)),
                              contains: [source, "audio.frames: must be from 1 to 16384, found 1000000000"])
        XCTAssertWeightsError(try parse(M.editing("audio.n_mels", 100_000)), contains: [source, "audio.n_mels: must be from 1 to 1024"])
        XCTAssertWeightsError(try parse(M.editing("audio.hop", 4096)), contains: [source, "audio.hop:", "longer than n_fft"])
        XCTAssertWeightsError(try parse(M.editing("audio.win", 2048)), contains: [source, "audio.win:", "longer than n_fft"])
        XCTAssertWeightsError(try parse(M.editing("audio.fmax", 9000)), contains: [source, "audio.fmax:", "Nyquist"])
        XCTAssertWeightsError(try parse(M.editing("vocoder.kind", "wavenet")),
                              contains: [source, "vocoder.kind: unknown vocoder \"wavenet\""])
        XCTAssertWeightsError(try parse(M.editing("unet.weights", "../elsewhere.safetensors")),
                              contains: [source, "unet.weights:", "inside the bundle folder"])
        XCTAssertWeightsError(try parse(M.editing("clip.tokenizer", "/etc/passwd")),
                              contains: [source, "clip.tokenizer:", "inside the bundle folder"])
    }

    func testMalformedJSONNamesLineAndColumn() {
        let text = "{\n  \"format\": \"clipsonic-bundle\",\n  \"version\": 1,,\n}"
        XCTAssertWeightsError(try BundleManifest.parse(data: Data(text.utf8), source: source),
                              contains: [source, "invalid JSON", "unexpected ','; expected a key in double quotes at line 3, column 16"])
        XCTAssertWeightsError(try BundleManifest.parse(data: Data("[]".utf8), source: source),
                              contains: [source, "expected an object, found an array"])
    }

    struct UNetConfig: Decodable, Equatable {
        let channels: Int
        let channelMult: [Int]
        enum CodingKeys: String, CodingKey { case channels, channelMult = "channel_mult" }
    }

    func testComponentConfigDecodesLaterWithFullPaths() throws {
        let m = try parse(M.object())
        XCTAssertEqual(try m.unet.decodeConfig(UNetConfig.self), UNetConfig(channels: 8, channelMult: [1, 2, 3]))
        let bad = try parse(M.editing("unet.config", ["channels": 8, "channel_mult": [1, "2", 3]]))
        XCTAssertWeightsError(try bad.unet.decodeConfig(UNetConfig.self),
                              contains: ["models/x/bundle.json: unet.config.channel_mult[1]: expected an integer, found a string"])
        let missing = try parse(M.editing("unet.config", ["channel_mult": [1]]))
        XCTAssertWeightsError(try missing.unet.decodeConfig(UNetConfig.self),
                              contains: [source, "unet.config.channels: missing field"])
        XCTAssertWeightsError(try m.unet.decode(Int.self, field: "schedule"), contains: [source, "unet.schedule: missing field"])
    }

    func testEncodingRoundTrips() throws {
        let m = try parse(M.object())
        let data = try JSONEncoder().encode(m)
        let back = try BundleManifest.parse(data: data, source: source)
        XCTAssertEqual(back, m)
    }

    func testJSONValueThroughFoundationDecoder() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"a":[1,2.5,"s",true,null,{}]}"#.utf8))
        XCTAssertEqual(value, .object(["a": .array([.int(1), .number("2.5"), .string("s"), .bool(true), .null, .object([:])])]))
    }
}
