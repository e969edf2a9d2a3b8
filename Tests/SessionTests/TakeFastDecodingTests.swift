import Engine
import Foundation
import Models
@testable import Session
import XCTest

/// `Take.fastDecoded` reads the forms a session file writes exactly as `Decodable` does, leaves
/// every other form to it, and errors still name the take they are in.
final class TakeFastDecodingTests: XCTestCase {
    private let id = "\"id\": \"00000000-0000-0000-0000-000000000001\", \"audioPath\": \"takes/a.wav\""
    private let created = "\"created\": \"2024-05-01T12:30:00Z\""

    private func value(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    private func decodable(_ value: JSONValue, legacy: Bool) throws -> Take {
        var decoder = VersionedDocument.decoder
        if legacy { decoder.userInfo[.acceptingLegacyRequestKeys] = true }
        return try decoder.decode(Take.self, from: value)
    }

    func testThePlainFormsReadAsDecodableReadsThem() throws {
        let plain: [(String, Bool)] = [
            ("{\(id), \(created), \"request\": {\"seed\": 7}}", false),
            ("""
             {\(id), \(created), "request": {"prompt": "rain", "seed": 3, "duration": 5, "guidance": 3.5},
              "sidecarPath": "takes/a.json", "timings": {"encoding": 0.125, "prior": 1, "denoising": 12.25, "vocoding": 0.75},
              "duration": 5, "favourite": true, "favouriteCopyPath": "favourites/a.wav", "note": "n \\"q\\"", "rating": 4,
              "recovered": "2024-05-02T08:00:00.500Z"}
             """, false),
            ("""
             {\(id), \(created), "request": {"seed": 1}, "sidecarPath": null, "timings": null, "duration": null,
              "favourite": null, "favouriteCopyPath": null, "note": null, "rating": null, "recovered": null}
             """, false),
            ("{\(id), \(created), \"request\": {}, \"timings\": {\"prior\": 2, \"gpu\": \"x\"}, \"mixer\": [1], \"duration\": 2.5e0}", false),
            ("{\(id), \(created), \"request\": {\"guidanceScale\": 4, \"seed\": 5, \"imagePath\": \"a.png\"}}", true),
        ]
        for (text, legacy) in plain {
            let json = try value(text)
            let fast = try XCTUnwrap(Take.fastDecoded(json, legacyRequestKeys: legacy), "not read fast: \(text)")
            XCTAssertEqual(fast, try decodable(json, legacy: legacy), text)
        }
    }

    /// Forms only `Decodable` reads (a whole number written as 2.0) and forms it refuses: the
    /// fast reader declines them all, so that accepting and refusing stay in one place.
    func testOtherFormsAreLeftToDecodable() throws {
        let accepted = "{\(id), \(created), \"request\": {\"seed\": 7}, \"rating\": 2.0}"
        XCTAssertNil(Take.fastDecoded(try value(accepted), legacyRequestKeys: false))
        XCTAssertEqual(try decodable(try value(accepted), legacy: false).rating, 2)
        let refused = [
            "{\(id), \(created), \"request\": {\"seed\": \"7\"}}",
            "{\(id), \(created), \"request\": {\"stepz\": 5}}",
            "{\(id), \(created), \"request\": {}, \"timings\": {\"prior\": null}}",
            "{\(id), \(created), \"request\": {}, \"duration\": \"5\"}",
            "{\(id), \(created), \"request\": {}, \"favourite\": 1}",
            "{\(id), \"created\": \"yesterday\", \"request\": {}}",
            "{\"id\": \"not-a-uuid\", \"audioPath\": \"a.wav\", \(created), \"request\": {}}",
            "{\(id), \(created)}",
            "[1]",
        ]
        for text in refused {
            XCTAssertNil(Take.fastDecoded(try value(text), legacyRequestKeys: false), text)
            XCTAssertThrowsError(try decodable(try value(text), legacy: false), text)
        }
    }

    /// Takes read fast before a bad one do not shift the index its error names.
    func testAnErrorNamesTheTakeItIsIn() {
        func take(_ n: Int, _ extra: String = "", seed: String = "7") -> String {
            "{\"id\": \"00000000-0000-0000-0000-00000000000\(n)\", \"audioPath\": \"t\(n).wav\", \(created), "
                + "\"request\": {\"seed\": \(seed)}\(extra)}"
        }
        let bad = take(4, seed: "\"x\"")
        let expected = "seed must be a whole number, found a string"
        XCTAssertEqual(sessionErrorMessage(sessionJSON(takes: "[\(bad)]")), "session.json: takes[0].request.seed: \(expected)")
        let takes = "[\(take(1)), \(take(2, ", \"rating\": 2.0")), \(take(3)), \(bad)]"
        XCTAssertEqual(sessionErrorMessage(sessionJSON(takes: takes)), "session.json: takes[3].request.seed: \(expected)")
    }
}
