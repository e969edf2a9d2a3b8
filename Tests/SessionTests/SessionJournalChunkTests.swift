import Engine
import Foundation
@testable import Session
import XCTest

/// In a session of several take chunks (see `TakeList`), a save journals every take a change
/// touched, through whichever API it came, and only those: the journal skips takes the saved
/// and the changed list share, so a change the chunks hid would be lost on reopening.
final class SessionJournalChunkTests: XCTestCase {
    private let size = 3 * TakeList.chunkSize + 5

    private func makeStore() throws -> SessionStore {
        let folder = try makeTemporaryFolder(self)
        let takes = (0..<size).map { n in
            Take(request: GenerationRequest(prompt: "take \(n)", seed: UInt64(n)), audioPath: "takes/t\(n).wav",
                 created: sampleDate.addingTimeInterval(Double(n)))
        }
        return try SessionStore.create(at: folder.appendingPathComponent("session.json"),
                                       session: StudioSession(bundlePath: "models/mini", created: sampleDate, takes: takes))
    }

    private func lastChange(_ store: SessionStore) throws -> SessionChange? {
        try SessionJournal.read(store.journalURL)?.changes.last?.change
    }

    /// What opening the files gives equals the session in memory, take by take (compared as
    /// arrays, so that the chunks' own equality cannot hide a missing change).
    private func assertReopensAsInMemory(_ store: SessionStore, _ step: String,
                                         file: StaticString = #filePath, line: UInt = #line) throws {
        let reopened = try SessionStore.load(at: store.fileURL)
        XCTAssertTrue(Array(reopened.takes) == Array(store.session.takes), step, file: file, line: line)
        var rest = reopened, expected = store.session
        rest.takes = []; expected.takes = []
        XCTAssertEqual(rest, expected, step, file: file, line: line)
    }

    func testEveryTouchedTakeIsJournaledAndNoOther() throws {
        let store = try makeStore()
        let chunk = TakeList.chunkSize
        for position in [0, chunk - 1, chunk, 2 * chunk + 3, size - 1] {
            let id = store.session.takes[position].id
            try store.setRating(position % 5 + 1, forTake: id)
            XCTAssertEqual(try lastChange(store)?.takes,
                           [SessionChange.Splice(at: position, remove: 1, insert: [store.session.takes[position]])],
                           "rating of take \(position)")
            try assertReopensAsInMemory(store, "rating of take \(position)")
        }
        let farApart = [5, 2 * chunk + 1]
        try store.update { session in for position in farApart { session.takes[position].note = "touched" } }
        XCTAssertEqual(try lastChange(store)?.takes, farApart.map {
            SessionChange.Splice(at: $0, remove: 1, insert: [store.session.takes[$0]])
        })
        try assertReopensAsInMemory(store, "notes on two takes in different chunks")

        let middle = store.session.takes[chunk + 10].id
        let steps: [(String, (inout StudioSession) throws(SessionError) -> Void)] = [
            ("note", { session throws(SessionError) in try session.setNote("n", forTake: middle) }),
            ("star flag", { session throws(SessionError) in try session.setFavourite(true, forTake: middle) }),
            ("add", { session in session.addTake(Take(request: GenerationRequest(prompt: "new"), audioPath: "takes/new.wav",
                                                      created: sampleDate)) }),
            ("insert in a middle chunk", { session in
                session.takes.insert(Take(request: GenerationRequest(prompt: "inserted"), audioPath: "takes/i.wav",
                                          created: sampleDate), at: chunk + 2)
            }),
            ("delete", { session throws(SessionError) in
                _ = try session.moveToTrash(middle, trashPath: "trash/m.wav", at: sampleDate)
            }),
            ("undo delete", { session throws(SessionError) in _ = try session.restoreLastDeleted(audioPath: "takes/m.wav") }),
            ("remove", { session throws(SessionError) in try session.removeTake(session.takes[2 * chunk].id) }),
            ("swap across chunks", { session in session.takes.swapAt(1, session.takes.count - 2) }),
            ("set to what it was", { session in session.takes[chunk].rating = session.takes[chunk].rating }),
            ("reverse", { session in session.takes.reverse() }),
        ]
        for (name, change) in steps {
            try store.update(change)
            try assertReopensAsInMemory(store, name)
        }
        try store.update { session in session.takes[chunk].rating = session.takes[chunk].rating }
        XCTAssertNil(try lastChange(store)?.takes, "a take set to its own value is no change")
    }
}
