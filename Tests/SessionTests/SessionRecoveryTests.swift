import Engine
import Foundation
import Playback
@testable import Session
import XCTest

/// Opening a session after a save was killed: the findings of issue #17 were a WAV in `takes/`
/// that the session does not list, and temporary files of the session and of takes, left for
/// good. Here they are made by hand as a kill leaves them (see SessionTakeKillTests for kills).
final class SessionRecoveryTests: XCTestCase {
    private let dog = GenerationRequest(prompt: "a dog barking", mode: .prior, guidanceScale: 3.5, steps: 20, seed: 42)

    /// A session folder with one listed take whose WAV is there, as the studio leaves it.
    private func makeSession() throws -> (folder: URL, file: URL) {
        let folder = try makeTemporaryFolder(self)
        let file = folder.appendingPathComponent("session.json")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("takes"), withIntermediateDirectories: true)
        var listed = dog
        listed.seed = 7
        try writeTake(folder.appendingPathComponent("takes/listed.wav"), listed)
        let take = Take(request: listed, audioPath: "takes/listed.wav", created: sampleDate, duration: 0.25)
        _ = try SessionStore.create(at: file, session: StudioSession(bundlePath: "models/mini", created: sampleDate,
                                                                    takes: [take]))
        return (folder, file)
    }

    /// Makes `name` in `folder`, last written a minute ago: as a killed writer leaves it.
    @discardableResult
    private func leftover(_ name: String, in folder: URL, age: TimeInterval = 60) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data("RIFF half".utf8).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: url.path)
        return url
    }

    private func names(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    func testATakeAKilledSaveLeftOutComesBackWithItsRecipe() throws {
        let (folder, file) = try makeSession()
        let wav = folder.appendingPathComponent("takes/20240501-123000-a-dog-barking-prior-s42.wav")
        try writeTake(wav, dog, seconds: 0.5)
        let store = try SessionStore.open(at: file)
        XCTAssertEqual(store.session.takes.count, 2)
        let take = try XCTUnwrap(store.session.takes.last)
        XCTAssertEqual(store.recovery.recoveredTakes, [take.id])
        XCTAssertEqual(store.recovery.recoveredPaths, ["takes/20240501-123000-a-dog-barking-prior-s42.wav"])
        XCTAssertEqual(take.audioPath, "takes/20240501-123000-a-dog-barking-prior-s42.wav")
        XCTAssertEqual(take.request, dog)
        XCTAssertEqual(take.duration, 0.5, accuracy: 1e-9)
        XCTAssertNotNil(take.recovered)
        XCTAssertNil(store.session.takes[0].recovered)
        // The tags' date, to the second they keep.
        XCTAssertEqual(take.created.timeIntervalSince1970, sampleDate.timeIntervalSince1970.rounded(.down), accuracy: 0.001)
        XCTAssertEqual(store.session.seedHistory.last, 42)
        XCTAssertFalse(store.hasUnsavedChanges)
        XCTAssertEqual(store.recovery.messages,
                       ["recovered 1 take left by an interrupted save: takes/20240501-123000-a-dog-barking-prior-s42.wav"])
        // Saved (as a journal line beside the file): what is on disk lists it, marked.
        let saved = try SessionStore.load(at: file)
        XCTAssertEqual(saved.takes, store.session.takes)
        XCTAssertTrue(String(decoding: try Data(contentsOf: store.journalURL), as: UTF8.self).contains("\"recovered\""))
    }

    func testTemporaryFilesOfTheSessionItsTakesAndFavouritesGo() throws {
        let (folder, file) = try makeSession()
        let takes = folder.appendingPathComponent("takes")
        let favourites = folder.appendingPathComponent("favourites")
        try FileManager.default.createDirectory(at: favourites, withIntermediateDirectories: true)
        try leftover(".session.json.tmp-1a2b3c", in: folder, age: 0)  // the session's own: any age
        try leftover(".20240501-123000-a-dog-barking-prior-s42.wav.tmp-3f2a", in: takes)
        try leftover(".listed.wav.tmp-9", in: takes)  // a kill between link and unlink
        try leftover(".dog.wav.tmp-ab", in: favourites)
        let store = try SessionStore.open(at: file)
        XCTAssertEqual(store.recovery.removedTemporaries.map(\.lastPathComponent),
                       [".session.json.tmp-1a2b3c", ".20240501-123000-a-dog-barking-prior-s42.wav.tmp-3f2a",
                        ".listed.wav.tmp-9", ".dog.wav.tmp-ab"])
        XCTAssertEqual(store.recovery.recoveredTakes, [])
        XCTAssertEqual(store.recovery.messages, ["removed 4 temporary files left by an interrupted save"])
        XCTAssertEqual(try names(folder), ["favourites", "session.json", "takes"])
        XCTAssertEqual(try names(takes), ["listed.wav"])
        XCTAssertEqual(try names(favourites), [])
    }

    func testFilesThatAreNotTheSessionsOwnAreLeftAsTheyAre() throws {
        let (folder, file) = try makeSession()
        let takes = folder.appendingPathComponent("takes")
        let outside = try makeTemporaryFolder(self)
        let elsewhere = outside.appendingPathComponent("elsewhere.wav")
        try writeTake(elsewhere, dog)
        let outsideTemporary = try leftover(".elsewhere.wav.tmp-1", in: outside)
        let own = ["notes.txt", ".notes.tmp", ".hidden.wav", ".x.wav.tmp-ZZ", "readme.tmp-1"]
        for name in own { try leftover(name, in: takes) }
        // Links out of the folder: neither followed, nor removed, nor made takes.
        try FileManager.default.createSymbolicLink(atPath: takes.appendingPathComponent("linked.wav").path,
                                                   withDestinationPath: elsewhere.path)
        try FileManager.default.createSymbolicLink(atPath: takes.appendingPathComponent(".linked.wav.tmp-ab").path,
                                                   withDestinationPath: outsideTemporary.path)
        try FileManager.default.createDirectory(at: takes.appendingPathComponent("sub"), withIntermediateDirectories: false)
        try writeTake(takes.appendingPathComponent("sub/nested.wav"), dog)
        let before = try Data(contentsOf: file)
        let store = try SessionStore.open(at: file)
        XCTAssertTrue(store.recovery.isEmpty, "\(store.recovery.messages)")
        XCTAssertEqual(try Data(contentsOf: file), before, "nothing to recover: the file is not rewritten")
        XCTAssertEqual(try names(takes), (own + [".linked.wav.tmp-ab", "linked.wav", "listed.wav", "sub"]).sorted())
        XCTAssertEqual(try names(outside), [".elsewhere.wav.tmp-1", "elsewhere.wav"])
        XCTAssertEqual(try Data(contentsOf: outsideTemporary), Data("RIFF half".utf8))
    }

    func testACorruptWAVIsLeftAloneAndReported() throws {
        let (folder, file) = try makeSession()
        let broken = folder.appendingPathComponent("takes/broken.wav")
        let garbage = Data("RIFF\u{0}\u{0}\u{0}\u{0}WAVEnot a chunk at all".utf8)
        try garbage.write(to: broken)
        let store = try SessionStore.open(at: file)
        XCTAssertEqual(store.session.takes.count, 1)
        XCTAssertEqual(store.recovery.leftAlone.map(\.file.path), [broken.path])
        let message = try XCTUnwrap(store.recovery.messages.first)
        XCTAssertTrue(message.hasPrefix("\(broken.path) is not in the session and was left alone: it is not a readable audio file"),
                      message)
        XCTAssertEqual(try Data(contentsOf: broken), garbage)
    }

    func testAWAVWithoutARecipeIsLeftAloneAndReported() throws {
        let (folder, file) = try makeSession()
        let mine = folder.appendingPathComponent("takes/my-own-recording.wav")
        try AudioFile.write(AudioBuffer(samples: [0, 0.5, -0.5], sampleRate: 16_000), to: mine)
        let store = try SessionStore.open(at: file)
        XCTAssertEqual(store.session.takes.count, 1)
        XCTAssertEqual(store.recovery.recoveredTakes, [])
        XCTAssertEqual(store.recovery.leftAlone.map(\.file), [mine])
        XCTAssertTrue(store.recovery.leftAlone[0].reason.hasPrefix("it has no CLIPSonic recipe in its tags"),
                      store.recovery.leftAlone[0].reason)
        XCTAssertTrue(FileManager.default.fileExists(atPath: mine.path))
    }

    func testOpeningAgainAddsNothingTwice() throws {
        let (folder, file) = try makeSession()
        var cat = dog
        cat.prompt = "a cat"
        try writeTake(folder.appendingPathComponent("takes/b-cat.wav"), cat)
        try writeTake(folder.appendingPathComponent("takes/a-dog.wav"), dog)
        let first = try SessionStore.open(at: file)
        XCTAssertEqual(first.recovery.recoveredTakes.count, 2)
        XCTAssertEqual(first.session.takes.map(\.audioPath), ["takes/listed.wav", "takes/a-dog.wav", "takes/b-cat.wav"])
        let saved = try Data(contentsOf: file)
        for _ in 0..<2 {
            let again = try SessionStore.open(at: file)
            XCTAssertTrue(again.recovery.isEmpty, "\(again.recovery.messages)")
            XCTAssertEqual(again.session, first.session)
            XCTAssertEqual(try Data(contentsOf: file), saved)
        }
    }

    func testADeletedTakesAudioIsNotTakenForALostTake() throws {
        let (folder, file) = try makeSession()
        let store = try SessionStore.open(at: file)
        let id = store.session.takes[0].id
        // A kill after the delete was saved but before the audio moved: it is still in takes/.
        try store.update { session throws(SessionError) in _ = try session.moveToTrash(id, trashPath: "trash/listed.wav", at: sampleDate) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("takes/listed.wav").path))
        let reopened = try SessionStore.open(at: file)
        XCTAssertTrue(reopened.recovery.isEmpty, "\(reopened.recovery.messages)")
        XCTAssertEqual(reopened.session.takes, [])
        XCTAssertEqual(reopened.session.trash.count, 1)
    }

    func testASessionWrittenBeforeRecoveryReadsAsNothingRecovered() throws {
        let take = try XCTUnwrap(makeFullSession().takes.first)
        let data = try makeFullSession().encoded(source: "session.json")
        XCTAssertFalse(String(decoding: data, as: UTF8.self).contains("recovered"), "written only when set")
        let parsed = try StudioSession.parse(data: data, source: "session.json")
        XCTAssertNil(parsed.takes[0].recovered)
        var marked = take
        marked.recovered = sampleDate
        var session = makeFullSession()
        session.takes[0] = marked
        let round = try StudioSession.parse(data: try session.encoded(source: "session.json"), source: "session.json")
        XCTAssertEqual(round.takes[0].recovered, sampleDate)
    }
}

/// A take's WAV as the studio writes it: mono 16 kHz, its recipe in the tags.
func writeTake(_ url: URL, _ request: GenerationRequest, seconds: Double = 0.25) throws {
    let recipe = TakeRecipe(request: request, bundle: "tiny", bundleHash: "0123abcd")
    let buffer = AudioBuffer(samples: [Float](repeating: 0.1, count: Int(16_000 * seconds)), sampleRate: 16_000)
    try AudioFile.write(buffer, to: url, options: .init(tags: AudioTags(recipe: recipe, date: sampleDate), replaceExisting: false))
}
