import Engine
import Models
import XCTest

/// A request read from JSON text through the project's decoder (as sessions read it): what it
/// leaves out takes the table's defaults, a typo or a bad value is reported at its field.
final class GenerationRequestTextTests: XCTestCase {
    private let decoder = JSONValueDecoder()

    func testAPartialRequestTakesTheDefaults() throws {
        let request = try decoder.decode(GenerationRequest.self, from: #"{"prompt": "rain", "seed": 4294967295}"#)
        var expected = GenerationRequest()
        expected.prompt = "rain"
        expected.seed = 4_294_967_295
        XCTAssertEqual(request, expected)
    }

    func testATypoIsNamedWithTheNearestParameter() {
        XCTAssertThrowsError(try decoder.decode(GenerationRequest.self, from: #"{"prompt": "rain", "guidence": 3}"#)) { error in
            XCTAssertTrue("\(error)".hasPrefix(#"guidence: unknown parameter "guidence"; did you mean "guidance"?"#), "\(error)")
        }
    }

    func testABadValueIsNamedAtItsField() {
        XCTAssertThrowsError(try decoder.decode(GenerationRequest.self, from: #"{"steps": "many"}"#)) { error in
            XCTAssertEqual("\(error)", "steps: steps must be a whole number, found a string")
        }
    }

    func testTheEncoderWritesWhatTheDecoderReads() throws {
        var request = GenerationRequest()
        request.prompt = "a bell / a gong"
        request.guidanceScale = 3.3
        request.seed = 1_234_567_890
        let text = try JSONValueEncoder().encodeText(request)
        XCTAssertTrue(text.contains(#""prompt":"a bell / a gong""#), text)
        XCTAssertTrue(text.contains(#""guidance":3.3"#), text)
        XCTAssertEqual(try decoder.decode(GenerationRequest.self, from: text), request)
    }
}
