import Engine
import Foundation
@testable import Session
import XCTest

/// Strict but forward-compatible decoding, and the message of every way a session can be wrong.
final class SessionDecodingTests: XCTestCase {
    func testUnknownKeysAreIgnoredAtEveryLevel() throws {
        let take = """
            {"id": "00000000-0000-0000-0000-000000000001", "audioPath": "a.wav", "created": "2024-05-01T12:30:00Z",
             "request": {"seed": 3}, "rating": 5}
            """
        let text = sessionJSON(takes: "[\(take)]", extra: """
            , "abPairs": [], "windowLayout": {"split": 0.5}, "settings": {"themeName": "light", "mixer": [1, 2]}
            """)
        let session = try StudioSession.parse(data: bytes(text), source: "session.json")
        XCTAssertEqual(session.takes.first?.request.seed, 3)
        XCTAssertEqual(session.settings.themeName, "light")
    }

    /// Requests are the one place keys are strict: a misspelt parameter would silently change a take.
    func testUnknownRequestKeyIsRefusedNamingItAndTheNearest() {
        XCTAssertEqual(sessionErrorMessage(sessionJSON(takes: "[\(takeJSON(request: #"{"stepz": 5}"#))]")),
                       "session.json: takes[0].request.stepz: unknown parameter \"stepz\"; did you mean \"steps\"? "
                       + "(parameters: \(RequestParameters.all.map(\.name).joined(separator: ", ")))")
    }

    func testMissingOptionalFieldsTakeTheirDefaults() throws {
        let session = try StudioSession.parse(data: bytes(sessionJSON(takes: "[\(takeJSON())]")), source: "s")
        XCTAssertEqual(session.modified, session.created, "modified defaults to created")
        XCTAssertEqual(session.settings, StudioSettings())
        XCTAssertEqual(session.favouritesFolder, "favourites")
        XCTAssertEqual(session.seedHistory, [])
        XCTAssertEqual(session.abPairs, [])
        let take = try XCTUnwrap(session.takes.first)
        XCTAssertEqual(take.request, GenerationRequest(seed: 7), "missing request fields take GenerationRequest()'s values")
        XCTAssertEqual(take.timings, StageTimings())
        XCTAssertEqual(take.duration, 0)
        XCTAssertFalse(take.isFavourite)
        XCTAssertNil(take.sidecarPath)
        XCTAssertEqual(take.note, "")
    }

    func testPartialSettingsAndPairsTakeDefaults() throws {
        let takes = "[\(takeJSON()), \(takeJSON(id: "00000000-0000-0000-0000-000000000002"))]"
        let text = sessionJSON(takes: takes, extra: """
            , "settings": {"request": {"prompt": "birds"}, "deviceName": "hw:0"},
              "abPairs": [{"id": "00000000-0000-0000-0000-0000000000AB",
                           "takeA": "00000000-0000-0000-0000-000000000001",
                           "takeB": "00000000-0000-0000-0000-000000000002"}]
            """)
        let session = try StudioSession.parse(data: bytes(text), source: "s")
        XCTAssertEqual(session.settings.request, GenerationRequest(prompt: "birds"))
        XCTAssertEqual(session.settings.deviceName, "hw:0")
        XCTAssertEqual(session.settings.themeName, "dark")
        XCTAssertEqual(session.abPairs.first?.preferred, ABPreference.none)
        XCTAssertEqual(session.abPairs.first?.switchCount, 0)
    }

    func testNullOptionalFieldsReadAsAbsent() throws {
        let take = """
            {"id": "00000000-0000-0000-0000-000000000001", "request": {"imagePath": null, "duration": null},
             "audioPath": "a.wav", "sidecarPath": null, "created": "2024-05-01T12:30:00Z", "note": null}
            """
        let session = try StudioSession.parse(data: bytes(sessionJSON(takes: "[\(take)]")), source: "s")
        XCTAssertNil(session.takes.first?.request.imagePath)
        XCTAssertNil(session.takes.first?.request.duration)
        XCTAssertEqual(session.takes.first?.note, "")
    }

    func testNewerMajorVersionIsRefusedWithAClearMessage() {
        let text = #"{"format": "clipsonic-session", "version": 3, "takes": "a different shape"}"#
        XCTAssertThrowsError(try StudioSession.parse(data: bytes(text), source: "/home/u/s/session.json")) { error in
            XCTAssertEqual(error as? SessionError, .newerVersion(source: "/home/u/s/session.json", found: 3, supported: 2))
            XCTAssertEqual("\(error)", "/home/u/s/session.json: written by a newer CLIPSonic Studio (format version 3; "
                + "this build reads version 2 and older). Update clipsonic to open it; the file was not changed.")
        }
    }

    func testVersionMustBeAPositiveInteger() {
        XCTAssertEqual(sessionErrorMessage(#"{"format": "clipsonic-session", "version": "1"}"#),
                       "session.json: version: expected a whole version number such as 2")
        XCTAssertEqual(sessionErrorMessage(#"{"format": "clipsonic-session", "version": 0}"#),
                       "session.json: version: expected a version from 1 to 2, found 0")
        XCTAssertEqual(sessionErrorMessage(#"{"format": "clipsonic-session"}"#),
                       "session.json: version: missing field")
    }

    func testOtherDocumentsAreNotSessions() {
        XCTAssertEqual(sessionErrorMessage(#"{"format": "clipsonic-bundle", "version": 1}"#),
                       "session.json: not a clipsonic-session file (its \"format\" is \"clipsonic-bundle\", "
                       + "expected \"clipsonic-session\").")
        XCTAssertEqual(sessionErrorMessage(#"{"version": 1}"#),
                       "session.json: not a clipsonic-session file (it has no \"format\" field, expected \"clipsonic-session\").")
        XCTAssertEqual(sessionErrorMessage("[1, 2]"),
                       "session.json: not a clipsonic-session file (it has no \"format\" field, expected \"clipsonic-session\").")
    }

    func testMalformedJSONNamesLineAndColumn() {
        let text = "{\n  \"format\": \"clipsonic-session\",\n  \"version\": 1,,\n}"
        XCTAssertEqual(sessionErrorMessage(text),
                       "session.json: line 3, column 16: unexpected ','; expected a key in double quotes. "
                       + "The file is not valid JSON; fix it in a text editor or restore a backup.")
        XCTAssertTrue(sessionErrorMessage("").contains("line 1, column 1: the JSON text is empty"))
        XCTAssertTrue(sessionErrorMessage(String(sessionJSON().dropLast())).contains("unexpected end of text"))
    }

    func testWrongTypeNamesThePath() {
        let takes = "[\(takeJSON(id: "00000000-0000-0000-0000-000000000001")), "
            + "\(takeJSON(id: "00000000-0000-0000-0000-000000000002")), "
            + "\(takeJSON(id: "00000000-0000-0000-0000-000000000003", request: #"{"seed": "forty-two"}"#))]"
        XCTAssertEqual(sessionErrorMessage(sessionJSON(takes: takes)),
                       "session.json: takes[2].request.seed: seed must be a whole number, found a string")
    }

    func testEveryValueErrorMessage() {
        let cases: [(String, String)] = [
            (sessionJSON(takes: "[\(takeJSON(request: #"{"seed": -1}"#))]"),
             "takes[0].request.seed: seed must be a whole number from 0 to 18446744073709551615, found -1"),
            (sessionJSON(takes: "[\(takeJSON(request: #"{"seed": 18446744073709551616}"#))]"),
             "takes[0].request.seed: seed must be a whole number from 0 to 18446744073709551615, found 18446744073709551616"),
            (sessionJSON(takes: "[\(takeJSON(request: #"{"seed": 1.5}"#))]"),
             "takes[0].request.seed: seed must be a whole number from 0 to 18446744073709551615, found 1.5"),
            (sessionJSON(takes: "[\(takeJSON(request: #"{"steps": null}"#))]"),
             "takes[0].request.steps: steps must be a whole number, found null"),
            (sessionJSON(takes: "[\(takeJSON(request: #"{"mode": "text"}"#))]"),
             "takes[0].request.mode: mode must be one of zero-shot, prior, image, mix, audio, found \"text\""),
            (sessionJSON(takes: "[\(takeJSON(request: #"{"sampler": 2}"#))]"),
             "takes[0].request.sampler: sampler must be a string, one of ddpm, ddim, dpm++2m, found a number"),
            (sessionJSON(takes: "[\(takeJSON(request: #"{"guidanceScale": 1e40}"#))]"),
             "takes[0].request.guidance: guidance must be a number from 0 to 50, found 1e+40"),
            (sessionJSON(takes: "[\(takeJSON(request: "[]"))]"),
             "takes[0].request: a request must be a JSON object, found an array"),
            (sessionJSON(takes: "[\(takeJSON(id: "not-a-uuid"))]"),
             "takes[0].id: expected a UUID like 3F2504E0-4F89-11D3-9A0C-0305E82C3301, found \"not-a-uuid\""),
            (sessionJSON(takes: #"[{"request": {}, "audioPath": "a.wav", "created": "2024-05-01T12:30:00Z"}]"#),
             "takes[0].id: missing field"),
            (sessionJSON(takes: #"[{"id": "00000000-0000-0000-0000-000000000001", "request": {}, "audioPath": "a.wav", "#
                         + #""created": "yesterday"}]"#),
             "takes[0].created: expected an ISO 8601 date like 2024-05-01T12:30:00.000Z, found \"yesterday\""),
            (sessionJSON(takes: "{}"), "takes: expected an array, found an object"),
            (sessionJSON(takes: "[]", extra: #", "seedHistory": [1, true]"#),
             "seedHistory[1]: expected an integer, found a boolean"),
            (sessionJSON(takes: "[]", extra: #", "settings": {"seedPolicy": "sometimes"}"#),
             "settings.seedPolicy: expected one of locked, new-each-time; found \"sometimes\""),
            (#"{"format": "clipsonic-session", "version": 1, "created": "2024-05-01T12:30:00Z"}"#,
             "bundlePath: missing field"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(sessionErrorMessage(text), "session.json: " + expected)
        }
    }

    func testReferencesAreChecked() {
        let one = takeJSON(id: "00000000-0000-0000-0000-000000000001")
        XCTAssertEqual(sessionErrorMessage(sessionJSON(takes: "[\(one), \(one)]")),
                       "session.json: takes[1].id: duplicate id 00000000-0000-0000-0000-000000000001, already used by takes[0]")
        let pair = """
            , "abPairs": [{"id": "00000000-0000-0000-0000-0000000000AB",
                "takeA": "00000000-0000-0000-0000-000000000001", "takeB": "00000000-0000-0000-0000-000000000009"}]
            """
        XCTAssertEqual(sessionErrorMessage(sessionJSON(takes: "[\(one)]", extra: pair)),
                       "session.json: abPairs[0].takeB: no take has id 00000000-0000-0000-0000-000000000009")
        let selfPair = """
            , "abPairs": [{"id": "00000000-0000-0000-0000-0000000000AB",
                "takeA": "00000000-0000-0000-0000-000000000001", "takeB": "00000000-0000-0000-0000-000000000001"}]
            """
        XCTAssertEqual(sessionErrorMessage(sessionJSON(takes: "[\(one)]", extra: selfPair)),
                       "session.json: abPairs[0].takeB: a take cannot be paired with itself")
        let negative = one.replacingOccurrences(of: "\"audioPath\"", with: "\"duration\": -1, \"audioPath\"")
        XCTAssertEqual(sessionErrorMessage(sessionJSON(takes: "[\(negative)]")),
                       "session.json: takes[0].duration: expected a duration of 0 seconds or more, found -1.0")
    }

    func testIntegersWrittenAsExactRealsAreAccepted() throws {
        let session = try StudioSession.parse(data: bytes(sessionJSON(takes: "[\(takeJSON(request: #"{"steps": 5e1}"#))]")),
                                              source: "s")
        XCTAssertEqual(session.takes.first?.request.steps, 50)
    }
}
