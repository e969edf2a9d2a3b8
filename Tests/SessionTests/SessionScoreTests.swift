import Engine
import Foundation
import Models
@testable import Session
import XCTest

/// A take's score (issue #19) and an audio-mode request in the session file: written, read back
/// on the fast path and through `Decodable` alike, absent for takes made without an encoder.
final class SessionScoreTests: XCTestCase {
    private func scoredSession() -> StudioSession {
        var session = makeFullSession()
        session.takes[0].score = Take.storedScore(0.123456)
        session.takes[0].timings.scoring = 0.0625
        var heard = session.takes[1]
        heard.id = UUID(uuidString: "00000000-0000-0000-0000-00000000000C") ?? UUID()
        heard.request = GenerationRequest(mode: .audio, seed: 9, audioPath: "sounds/door.flac")
        heard.score = -0.25
        session.takes.append(heard)
        return session
    }

    func testScoresAndAudioModeSurviveTheSessionFile() throws {
        let session = scoredSession()
        let data = try session.encoded(source: "session.json")
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.contains("\"score\" : 0.1235"), text)
        XCTAssertTrue(text.contains("\"scoring\" : 0.0625"), text)
        XCTAssertTrue(text.contains("\"audio\" : \"sounds\\/door.flac\"") || text.contains("\"audio\" : \"sounds/door.flac\""), text)
        let decoded = try StudioSession.parse(data: data, source: "session.json")
        XCTAssertEqual(decoded, session)
        XCTAssertEqual(decoded.takes[0].score, 0.1235)
        XCTAssertNil(decoded.takes[1].score, "a take made without an encoder has none")
        XCTAssertEqual(decoded.takes[2].request.mode, .audio)
        XCTAssertEqual(decoded.takes[2].request.audioPath, "sounds/door.flac")
        // A take without a score writes no key, and timings without scoring the four stages they always had.
        XCTAssertEqual(text.components(separatedBy: "\"score\"").count - 1, 2)
        XCTAssertEqual(text.components(separatedBy: "\"scoring\"").count - 1, 1)
    }

    func testScoredTakesStayOnTheFastPath() throws {
        for take in scoredSession().takes {
            let json = try VersionedDocument.encoder.encode(take)
            let fast = try XCTUnwrap(Take.fastDecoded(json, legacyRequestKeys: false), "left the fast path: \(take.id)")
            XCTAssertEqual(fast, take)
            XCTAssertEqual(fast, try VersionedDocument.decoder.decode(Take.self, from: json))
        }
        // Forms the fast reader leaves to Decodable, which refuses them, as for every number field.
        let text = #"{"id": "00000000-0000-0000-0000-000000000001", "audioPath": "a.wav", "created": "2024-05-01T12:30:00Z", "request": {}, "score": "0.5"}"#
        let odd = try JSONParser.parse(Array(text.utf8))
        XCTAssertNil(Take.fastDecoded(odd, legacyRequestKeys: false))
        XCTAssertThrowsError(try VersionedDocument.decoder.decode(Take.self, from: odd))
    }

    func testAStoreKeepsTheScoreAcrossReopening() throws {
        let folder = try makeTemporaryFolder(self)
        let file = folder.appendingPathComponent("session.json")
        let store = try SessionStore.create(at: file, session: StudioSession(bundlePath: "b"))
        try store.update { $0.addTake(Take(request: GenerationRequest(prompt: "a bell", seed: 1), audioPath: "takes/a.wav",
                                           timings: StageTimings(denoising: 1, scoring: 0.5), score: 0.4321)) }
        try store.update { $0.addTake(Take(request: GenerationRequest(prompt: "rain", seed: 2), audioPath: "takes/b.wav")) }
        let reopened = try SessionStore.open(at: file).session
        XCTAssertEqual(reopened.takes.map(\.score), [0.4321, nil])
        XCTAssertEqual(reopened.takes[0].timings.scoring, 0.5)
    }

    func testAudioFilesAreResolvedInsideTheSessionFolderOnly() throws {
        let folder = try makeTemporaryFolder(self)
        let sessionFolder = folder.appendingPathComponent("s")
        try FileManager.default.createDirectory(at: sessionFolder.appendingPathComponent("takes"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: sessionFolder.appendingPathComponent("takes/here.wav"))
        try Data("x".utf8).write(to: folder.appendingPathComponent("there.wav"))
        try FileManager.default.createSymbolicLink(at: sessionFolder.appendingPathComponent("takes/link.wav"),
                                                   withDestinationURL: folder.appendingPathComponent("there.wav"))
        let paths = ["takes/here.wav", "../there.wav", folder.appendingPathComponent("there.wav").path, "takes/link.wav", "takes/gone.wav"]
        let session = StudioSession(bundlePath: "b", takes: paths.map { Take(request: GenerationRequest(), audioPath: $0) })
        let files = SessionStore.audioFiles(of: session, sessionFile: sessionFolder.appendingPathComponent("session.json"))
        XCTAssertEqual(files.count, 5)
        XCTAssertEqual(try files[0].file.get().lastPathComponent, "here.wav")
        for index in 1...3 {
            XCTAssertThrowsError(try files[index].file.get(), paths[index]) {
                XCTAssertTrue("\($0)".contains("outside the session folder"), "\($0)")
            }
        }
        XCTAssertThrowsError(try files[4].file.get()) { XCTAssertTrue("\($0)".contains("missing"), "\($0)") }
    }
}
