import XCTest
import JSONCoding

/// Decoding text with `rejectsUnknownKeys`: a typo in a hand-written file is reported at its
/// path with the fields that object takes, instead of silently falling back to a default.
final class JSONStrictDecodingTests: XCTestCase {
    private struct Job: Decodable, Equatable {
        var prompt: String
        var guidance: Double?
        var stage: Stage?
    }

    private struct Stage: Decodable, Equatable {
        var steps: Int
    }

    private struct Batch: Decodable, Equatable {
        var jobs: [Job]
    }

    private let strict = JSONValueDecoder(rejectsUnknownKeys: true)

    private func failure<T: Decodable>(_ type: T.Type, _ text: String, _ decoder: JSONValueDecoder) -> JSONDocumentError? {
        do {
            _ = try decoder.decode(type, from: text)
            return nil
        } catch {
            return error
        }
    }

    func testKnownKeysDecode() throws {
        XCTAssertEqual(try strict.decode(Batch.self, from: #"{"jobs": [{"prompt": "rain", "stage": {"steps": 4}}]}"#),
                       Batch(jobs: [Job(prompt: "rain", guidance: nil, stage: Stage(steps: 4))]))
    }

    func testAnUnknownKeyIsReportedAtItsPathWithTheKnownOnes() {
        let text = #"{"jobs": [{"prompt": "a"}, {"prompt": "b", "guidence": 3}]}"#
        XCTAssertEqual(failure(Batch.self, text, strict)?.description,
                       "jobs[1].guidence: unknown field; expected one of guidance, prompt, stage")
        XCTAssertNil(failure(Batch.self, text, JSONValueDecoder()), "the lenient decoder ignores unknown keys")
    }

    func testUnknownKeysInNestedObjectsAndAtTheTop() {
        XCTAssertEqual(failure(Batch.self, #"{"jobs": [{"prompt": "a", "stage": {"steps": 1, "x": 0}}]}"#, strict)?.description,
                       "jobs[0].stage.x: unknown field; expected one of steps")
        XCTAssertEqual(failure(Batch.self, #"{"jobs": [], "extra": true}"#, strict)?.description,
                       "extra: unknown field; expected one of jobs")
    }

    func testDictionariesTakeAnyKey() throws {
        XCTAssertEqual(try strict.decode([String: Int].self, from: #"{"a": 1, "b": 2}"#), ["a": 1, "b": 2])
    }

    func testSyntaxAndContentErrorsAreToldApart() {
        XCTAssertEqual(failure(Batch.self, "{\"jobs\": [}", strict),
                       .syntax(JSONSyntaxError(offset: 10, line: 1, column: 11, message: "unexpected '}'; expected a value")))
        XCTAssertEqual(failure(Batch.self, #"{"jobs": [{"prompt": 3}]}"#, strict)?.description,
                       "jobs[0].prompt: expected a string, found a number")
        XCTAssertEqual(failure(Batch.self, #"{"jobs": [{}]}"#, strict)?.description, "jobs[0].prompt: missing field")
    }
}
