import Foundation
import Models
import XCTest
@testable import Engine

/// The parameter table itself: strict JSON, exact round trips, legacy keys, and the docs.
final class RequestParameterTests: XCTestCase {
    func testJSONRoundTripIsExactAndUsesTheTablesNames() throws {
        let request = GenerationRequest(prompt: "rain", imagePath: "a.png", mode: .mix, imageWeight: 0.3,
                                        negativePrompt: "hiss", guidanceScale: 3.1, priorGuidanceScale: 1.7,
                                        priorCandidates: 4, priorWeights: .float16, steps: 33, sampler: .ddim, seed: 4_294_967_295, duration: 2.35,
                                        loop: true, sourceAudio: "take.wav", strength: 0.35, audioPath: "door.flac")
        let json = request.json
        XCTAssertEqual(Set(json.objectValue?.keys.map { $0 } ?? []), Set(RequestParameters.all.map(\.name)))
        let text = JSONWriter.text(json)
        XCTAssertTrue(text.contains("\"guidance\":3.1"), text)
        XCTAssertEqual(try GenerationRequest(json: try JSONParser.parse(Array(text.utf8))), request)
        // Through Codable (sessions) as well.
        let data = try JSONEncoder().encode(request)
        XCTAssertEqual(try JSONDecoder().decode(GenerationRequest.self, from: data), request)
    }

    func testLeftOutParametersTakeTheTablesDefaults() throws {
        let request = try GenerationRequest(json: .object(["prompt": .string("a bell")]))
        for parameter in RequestParameters.all where parameter.name != "prompt" {
            XCTAssertEqual(parameter.value(in: request), parameter.defaultValue, parameter.name)
        }
        XCTAssertEqual(GenerationRequest(), .defaults)
    }

    func testStrictDecodingNamesTheFieldAndTheProblem() {
        func message(_ json: String) -> String {
            do { _ = try GenerationRequest(json: try JSONParser.parse(Array(json.utf8))); return "accepted" } catch {
                return "\(error)"
            }
        }
        XCTAssertTrue(message(#"{"stepz": 5}"#).hasPrefix(#"unknown parameter "stepz"; did you mean "steps"?"#))
        XCTAssertTrue(message(#"{"priorGuidanceScale": 2}"#).contains(#"did you mean "prior-guidance"?"#))
        XCTAssertEqual(message(#"{"guidance": "3"}"#), "guidance must be a number, found a string")
        XCTAssertEqual(message(#"{"steps": 2.5}"#), "steps must be a whole number from 1 to 1000, found 2.5")
        XCTAssertEqual(message(#"{"steps": 5e1}"#), "accepted")
        XCTAssertEqual(message(#"{"guidance": 99}"#), "guidance must be a number from 0 to 50, found 99")
        XCTAssertEqual(message(#"{"seed": 4294967296}"#), "seed must be a whole number from 0 to 4294967295, found 4294967296")
        XCTAssertEqual(message(#"{"mode": "video"}"#), #"mode must be one of zero-shot, prior, image, mix, audio, found "video""#)
        XCTAssertEqual(message(#"{"negative": null, "duration": null}"#), "accepted")
        XCTAssertEqual(message(#"{"prompt": null}"#), "prompt must be a string, found null")
        XCTAssertEqual(message("[1]"), "a request must be a JSON object, found an array")
    }

    func testTypedTextIsReadAsPeopleTypeIt() throws {
        XCTAssertEqual(try RequestParameters.guidance.parse(" 3.5 "), .decimal(3.5))
        XCTAssertEqual(try RequestParameters.duration.parse("native"), ParameterValue.none)
        XCTAssertEqual(try RequestParameters.negative.parse(""), ParameterValue.none)
        XCTAssertEqual(try RequestParameters.mode.parse("Zero-Shot"), .text("zero-shot"))
        XCTAssertThrowsError(try RequestParameters.guidance.parse("nan"))
        XCTAssertThrowsError(try RequestParameters.guidance.parse("-1")) {
            XCTAssertEqual("\($0)", "guidance must be a number from 0 to 50, found -1")
        }
        XCTAssertThrowsError(try RequestParameters.steps.parse("ten")) {
            XCTAssertEqual("\($0)", #"steps must be a whole number from 1 to 1000, found "ten""#)
        }
    }

    /// Version-1 sessions and tags: camel-case keys and 64-bit seeds are read, limits still hold.
    func testLegacyKeysAndSeedsAreReadOnlyWhenAsked() throws {
        let old: JSONValue = .object(["guidanceScale": .int(5), "seed": .number("15604817256933531642"),
                                      "imagePath": .null, "negativePrompt": .string("hiss")])
        XCTAssertThrowsError(try GenerationRequest(json: old))
        let request = try GenerationRequest(json: old, legacy: true)
        XCTAssertEqual(request.guidanceScale, 5)
        XCTAssertEqual(request.seed, 15_604_817_256_933_531_642)
        XCTAssertEqual(request.negativePrompt, "hiss")
        XCTAssertThrowsError(try GenerationRequest(json: .object(["guidanceScale": .number("1e40")]), legacy: true))
    }

    func testModeConditionsLiveInOnePlace() {
        XCTAssertThrowsError(try GenerationRequest(prompt: "").validate()) { XCTAssertEqual("\($0)", "prior mode needs a prompt") }
        XCTAssertThrowsError(try GenerationRequest(prompt: "x", mode: .image).validate()) {
            XCTAssertEqual("\($0)", "image mode needs a picture")
        }
        XCTAssertThrowsError(try GenerationRequest(prompt: "", imagePath: "a.png", mode: .mix).validate())
        XCTAssertNoThrow(try GenerationRequest(prompt: "", imagePath: "a.png", mode: .image).validate())
        XCTAssertThrowsError(try GenerationRequest(prompt: "x", seed: 1 << 40).validate())
    }

    func testSubjectNamesThePictureInImageModeAndBothInMixMode() {
        XCTAssertEqual(GenerationRequest(prompt: "rain", imagePath: "/p/bell.png", mode: .image).subject.picture, "bell")
        XCTAssertNil(GenerationRequest(prompt: "rain", imagePath: "/p/bell.png", mode: .image).subject.prompt)
        let mix = GenerationRequest(prompt: "rain", imagePath: "clip.mp4@12.5", mode: .mix).subject
        XCTAssertEqual(mix.picture, "clip")
        XCTAssertEqual(mix.prompt, "rain")
        XCTAssertNil(GenerationRequest(prompt: "rain", imagePath: "/p/bell.png", mode: .prior).subject.picture)
    }

    func testRecipeRoundTripsWithBundleAndHash() throws {
        let recipe = TakeRecipe(request: GenerationRequest(prompt: "a bell", seed: 9), bundle: "mini",
                                bundleHash: String(repeating: "ab", count: 32))
        XCTAssertEqual(try TakeRecipe(text: recipe.text), recipe)
        // Tags written before the table: camel-case keys and no bundle.
        let old = try TakeRecipe(text: #"{"prompt":"x","guidanceScale":2,"seed":18446744073709551615,"mode":"prior"}"#)
        XCTAssertEqual(old.request.guidanceScale, 2)
        XCTAssertEqual(old.bundle, "")
        XCTAssertNil(old.bundleHash)
        XCTAssertThrowsError(try TakeRecipe(text: "not json"))
    }

    /// docs/requests.md lists every parameter as the table states it.
    func testTheDocsTableMatchesTheParameterTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let docs = try String(contentsOf: root.appendingPathComponent("docs/requests.md"), encoding: .utf8)
        for parameter in RequestParameters.all {
            let row = "| `\(parameter.name)` | \(parameter.kind.expected) | \(parameter.defaultDescription) | \(parameter.help) |"
            XCTAssertTrue(docs.contains(row), "docs/requests.md lacks or misstates:\n\(row)")
        }
    }
}
