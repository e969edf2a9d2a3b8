import Engine
import Foundation
@testable import Session
import XCTest

/// Deleting and undoing, ratings, notes and unstarring, on disk.
final class SessionKeepingTests: XCTestCase {
    /// Three takes with audio in takes/, takes 1 and 2 an A/B pair.
    private func makeStore() throws -> SessionStore {
        let folder = try makeTemporaryFolder(self)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("takes"), withIntermediateDirectories: true)
        var takes: [Take] = []
        for n in 1...3 {
            try Data("audio \(n)".utf8).write(to: folder.appendingPathComponent("takes/t\(n).wav"))
            takes.append(Take(request: GenerationRequest(prompt: "rain \(n)", seed: UInt64(n)), audioPath: "takes/t\(n).wav",
                              created: sampleDate, duration: 2))
        }
        let pair = ABPair(takeA: takes[0].id, takeB: takes[1].id, preferred: .b)
        return try SessionStore.create(at: folder.appendingPathComponent("session.json"),
                                       session: StudioSession(bundlePath: "models/mini", created: sampleDate, takes: takes,
                                                              abPairs: [pair]))
    }

    private func reread(_ store: SessionStore) throws -> StudioSession {
        try SessionStore.open(at: store.fileURL).session
    }

    private func contents(_ store: SessionStore, _ path: String) -> String? {
        (try? Data(contentsOf: store.folder.appendingPathComponent(path))).map { String(decoding: $0, as: UTF8.self) }
    }

    func testDeleteMovesTheAudioToTrashAndUndoPutsEverythingBack() throws {
        let store = try makeStore()
        let before = store.session
        let deleted = try store.deleteTake(before.takes[0].id)
        XCTAssertEqual(deleted.trashPath, "trash/t1.wav")
        XCTAssertEqual(deleted.index, 0)
        XCTAssertEqual(deleted.pairs, before.abPairs)
        XCTAssertNil(contents(store, "takes/t1.wav"))
        XCTAssertEqual(contents(store, "trash/t1.wav"), "audio 1")
        var saved = try reread(store)
        XCTAssertEqual(saved.takes.map(\.request.prompt), ["rain 2", "rain 3"])
        XCTAssertEqual(saved.abPairs, [], "a pair does not outlive its take")
        XCTAssertEqual(saved.trash, [deleted])

        let back = try store.undoDelete()
        XCTAssertEqual(back, before.takes[0])
        XCTAssertEqual(contents(store, "takes/t1.wav"), "audio 1")
        XCTAssertNil(contents(store, "trash/t1.wav"))
        saved = try reread(store)
        XCTAssertEqual(saved.takes, before.takes)
        XCTAssertEqual(saved.abPairs, before.abPairs)
        XCTAssertEqual(saved.trash, [])
        XCTAssertThrowsError(try store.undoDelete()) { XCTAssertEqual($0 as? SessionError, .nothingToUndo) }
    }

    func testUndoWorksAfterReopeningAndNeverReplacesAFile() throws {
        let store = try makeStore()
        let second = store.session.takes[1]
        try store.deleteTake(second.id)
        try store.deleteTake(store.session.takes[0].id)
        // Another take has since been written under the deleted one's name.
        try Data("newer".utf8).write(to: store.folder.appendingPathComponent("takes/t2.wav"))
        let reopened = try SessionStore.open(at: store.fileURL)
        XCTAssertEqual(try reopened.undoDelete().request.prompt, "rain 1", "the last delete first")
        let back = try reopened.undoDelete()
        XCTAssertEqual(back.audioPath, "takes/t2-2.wav")
        XCTAssertEqual(contents(reopened, "takes/t2.wav"), "newer")
        XCTAssertEqual(contents(reopened, "takes/t2-2.wav"), "audio 2")
        XCTAssertEqual(try reread(reopened).takes.map(\.request.prompt), ["rain 1", "rain 2", "rain 3"])
        XCTAssertEqual(try reread(reopened).abPairs.count, 1)
    }

    func testTwoDeletedTakesOfOneNameDoNotCollideInTheTrash() throws {
        let store = try makeStore()
        try FileManager.default.createDirectory(at: store.folder.appendingPathComponent("takes/b"), withIntermediateDirectories: true)
        try Data("other".utf8).write(to: store.folder.appendingPathComponent("takes/b/t1.wav"))
        try store.update { $0.addTake(Take(request: GenerationRequest(prompt: "x"), audioPath: "takes/b/t1.wav", created: sampleDate)) }
        try store.deleteTake(store.session.takes[0].id)
        let second = try store.deleteTake(store.session.takes[2].id)
        XCTAssertEqual(second.trashPath, "trash/t1-2.wav")
        XCTAssertEqual(contents(store, "trash/t1-2.wav"), "other")
    }

    func testDeletingATakeWhoseAudioIsGoneAndUndoingIt() throws {
        let store = try makeStore()
        try FileManager.default.removeItem(at: store.folder.appendingPathComponent("takes/t3.wav"))
        try store.deleteTake(store.session.takes[2].id)
        XCTAssertEqual(store.session.takes.count, 2)
        XCTAssertEqual(try store.undoDelete().audioPath, "takes/t3.wav")
        XCTAssertEqual(store.missingAudio, [store.session.takes[2].id])
    }

    func testUndoAfterAKillBetweenSavingAndMovingFindsTheAudioWhereItWas() throws {
        let store = try makeStore()
        let take = store.session.takes[0]
        // The session says deleted, but the audio never moved.
        try store.update { session throws(SessionError) in try session.moveToTrash(take.id, trashPath: "trash/t1.wav", at: sampleDate) }
        XCTAssertEqual(try store.undoDelete().audioPath, "takes/t1.wav")
        XCTAssertEqual(contents(store, "takes/t1.wav"), "audio 1")
    }

    func testRatingsAreZeroToFiveAndSurviveReopening() throws {
        let store = try makeStore()
        let id = store.session.takes[1].id
        try store.setRating(4, forTake: id)
        XCTAssertEqual(try reread(store).take(id)?.rating, 4)
        XCTAssertThrowsError(try store.setRating(6, forTake: id)) { XCTAssertEqual($0 as? SessionError, .invalidRating(6)) }
        XCTAssertEqual(store.session.take(id)?.rating, 4)
        let message = sessionErrorMessage(sessionJSON(takes: "[" + takeJSON().replacingOccurrences(of: "\"audioPath\"", with: "\"rating\": 9, \"audioPath\"") + "]"))
        XCTAssertTrue(message.contains("takes[0].rating: expected a rating from 0 to 5, found 9"), message)
    }

    /// Sessions written before ratings and the trash (version 1, and version 2 without them) read
    /// as unrated with nothing deleted: the fields were added without a version bump.
    func testOlderSessionsWithoutTheNewFieldsStillRead() throws {
        for version in [1, 2] {
            let text = sessionJSON(takes: "[" + takeJSON() + "]").replacingOccurrences(of: "\"version\": 1",
                                                                                       with: "\"version\": \(version)")
            let session = try StudioSession.parse(data: bytes(text), source: "old.json")
            XCTAssertEqual(session.takes.first?.rating, 0)
            XCTAssertEqual(session.takes.first?.note, "")
            XCTAssertEqual(session.trash, [])
        }
        XCTAssertEqual(StudioSession.currentVersion, 2)
        let message = sessionErrorMessage(sessionJSON(takes: "[" + takeJSON() + "]",
            extra: ", \"trash\": [{\"take\": \(takeJSON()), \"index\": 0, \"trashPath\": \"trash/a.wav\", \"deleted\": \"2024-05-01T12:30:00Z\"}]"))
        XCTAssertTrue(message.contains("trash[0].take.id"), message)
    }

    func testNoteGoesToTheSessionAndTheFavouritesSidecar() throws {
        let store = try makeStore()
        let id = store.session.takes[0].id
        XCTAssertNil(try store.setNote("too quiet", forTake: id), "not a favourite: no sidecar")
        let copy = try store.star(id)
        XCTAssertEqual(try store.setNote("the one", forTake: id), copy.sidecarURL)
        XCTAssertEqual(try FavouriteSidecar.load(from: copy.sidecarURL).note, "the one")
        XCTAssertEqual(try reread(store).take(id)?.note, "the one")
    }

    func testUnstarRemovesTheCopyAndSidecarOrSaysWhyNot() throws {
        let store = try makeStore()
        let id = store.session.takes[0].id
        let copy = try store.star(id)
        XCTAssertEqual(try store.unstar(id), .removed(copy))
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy.audioURL.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy.sidecarURL.path))
        XCTAssertNil(try reread(store).take(id)?.favouriteCopyPath)
        XCTAssertEqual(try store.unstar(id), .noCopy)

        // A sidecar that now names another take is someone else's: both files stay.
        let again = try store.star(id)
        var record = try FavouriteSidecar.load(from: again.sidecarURL)
        record.takeID = UUID()
        try record.encoded(source: "x").write(to: again.sidecarURL)
        guard case .kept(let reason) = try store.unstar(id) else { return XCTFail("the files were removed") }
        XCTAssertTrue(reason.contains("names another take"), reason)
        XCTAssertTrue(FileManager.default.fileExists(atPath: again.audioURL.path))
        XCTAssertEqual(store.session.take(id)?.isFavourite, false)
    }
}

final class SessionVariationGroupTests: XCTestCase {
    func testGroupsAreCheckedWhenReadAndOlderFilesHaveNone() throws {
        let one = "00000000-0000-0000-0000-000000000001"
        XCTAssertEqual(try StudioSession.parse(data: bytes(sessionJSON(takes: "[" + takeJSON(id: one) + "]")), source: "s").variationGroups, [])
        let ghost = sessionErrorMessage(sessionJSON(takes: "[" + takeJSON(id: one) + "]",
            extra: ", \"variationGroups\": [{\"id\": \"\(one)\", \"takes\": [\"00000000-0000-0000-0000-000000000009\"]}]"))
        XCTAssertTrue(ghost.contains("variationGroups[0].takes[0]: no take has id"), ghost)
        let twice = sessionErrorMessage(sessionJSON(takes: "[" + takeJSON(id: one) + "]",
            extra: ", \"variationGroups\": [{\"id\": \"\(one)\", \"takes\": [\"\(one)\"]}, {\"id\": \"\(one)\", \"takes\": [\"\(one)\"]}]"))
        XCTAssertTrue(twice.contains("already in variationGroups[0]"), twice)
    }

    func testAGroupHoldsAtMostEightAndEmptiesAway() throws {
        var session = StudioSession(bundlePath: "b")
        let group = UUID()
        let takes = (0..<9).map { Take(request: GenerationRequest(seed: UInt64($0)), audioPath: "t\($0).wav") }
        for take in takes { session.addTake(take) }
        for take in takes.prefix(8) { try session.addToGroup(group, take: take.id) }
        XCTAssertThrowsError(try session.addToGroup(group, take: takes[8].id)) {
            XCTAssertEqual($0 as? SessionError, .groupFull(size: 8))
        }
        for take in takes.prefix(8) { try session.removeTake(take.id) }
        XCTAssertEqual(session.variationGroups, [])
    }
}
