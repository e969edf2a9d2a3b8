import Engine
import Models
import XCTest

/// A request read from hand-written JSON text (a batch line) with the strict decoder: what it
/// leaves out takes the defaults, a typo or a bad value is reported at its field.
final class GenerationRequestTextTests: XCTestCase {
    private let strict = JSONValueDecoder(rejectsUnknownKeys: true)

    func testAPartialRequestTakesTheDefaults() throws {
        let request = try strict.decode(GenerationRequest.self, from: #"{"prompt": "rain", "seed": 18446744073709551615}"#)
        var expected = GenerationRequest()
        expected.prompt = "rain"
        expected.seed = .max
        XCTAssertEqual(request, expected)
    }

    func testATypoIsNamedWithTheFieldsARequestTakes() {
        XCTAssertThrowsError(try strict.decode(GenerationRequest.self, from: #"{"prompt": "rain", "guidence": 3}"#)) { error in
            XCTAssertEqual("\(error)", "guidence: unknown field; expected one of duration, guidanceScale, imagePath, "
                           + "imageWeight, mode, negativePrompt, priorCandidates, priorGuidanceScale, prompt, sampler, seed, steps")
        }
    }

    func testABadValueIsNamedAtItsField() {
        XCTAssertThrowsError(try strict.decode(GenerationRequest.self, from: #"{"steps": "many"}"#)) { error in
            XCTAssertEqual("\(error)", "steps: expected an integer, found a string")
        }
    }

    func testTheEncoderWritesWhatTheDecoderReads() throws {
        var request = GenerationRequest()
        request.prompt = "a bell / a gong"
        request.guidanceScale = 3.3
        request.seed = 12_345_678_901_234_567_890
        let text = try JSONValueEncoder().encodeText(request)
        XCTAssertTrue(text.contains(#""prompt":"a bell / a gong""#), text)
        XCTAssertEqual(try strict.decode(GenerationRequest.self, from: text), request)
    }
}
