import Engine
import Foundation
import Models
@testable import Session
import XCTest

/// The journal beside a session file (`SessionJournal`): each save is one line, opening replays
/// them, a line cut short by a kill is dropped, damage before the last line is an error naming
/// the line, and compaction folds the journal into the file without ever applying a line twice.
final class SessionJournalTests: XCTestCase {
    private func makeStore(takes count: Int = 5) throws -> SessionStore {
        let folder = try makeTemporaryFolder(self)
        let takes = (0..<count).map { n in
            Take(request: GenerationRequest(prompt: "take \(n)", seed: UInt64(n)), audioPath: "takes/t\(n).wav",
                 created: sampleDate.addingTimeInterval(Double(n)))
        }
        return try SessionStore.create(at: folder.appendingPathComponent("session.json"),
                                       session: StudioSession(bundlePath: "models/mini", created: sampleDate, takes: takes))
    }

    private func journalLines(_ store: SessionStore) throws -> [Data] {
        try Data(contentsOf: store.journalURL).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { Data($0) }.dropLast()
    }

    /// Rating, notes, flags, new and removed takes, pairs, groups, settings and the trash, one
    /// save each: the session file stays as created, and opening replays the journal to the
    /// state in memory.
    func testReplayGivesTheStateInMemoryAfterManyChanges() throws {
        let store = try makeStore()
        let created = try Data(contentsOf: store.fileURL)
        let ids = store.session.takes.map(\.id)
        try store.setRating(4, forTake: ids[2])
        try store.setNote("keep \"this\"\nsecond line", forTake: ids[0])
        try store.update { session throws(SessionError) in try session.setFavourite(true, forTake: ids[4]) }
        try store.update { $0.addTake(Take(request: GenerationRequest(prompt: "new", seed: 99), audioPath: "takes/new.wav",
                                           created: sampleDate)) }
        try store.update { session throws(SessionError) in try session.removeTake(ids[1]) }
        try store.update { session throws(SessionError) in _ = try session.addPair(takeA: ids[0], takeB: ids[3]) }
        try store.update { session throws(SessionError) in try session.addToGroup(UUID(), take: ids[3]) }
        try store.update { $0.settings.themeName = "light"; $0.takes[0].rating = 1; $0.takes[3].rating = 2 }
        try store.update { session throws(SessionError) in
            _ = try session.moveToTrash(ids[2], trashPath: "trash/t2.wav", at: sampleDate)
        }
        try store.update { session throws(SessionError) in _ = try session.restoreLastDeleted(audioPath: "takes/t2.wav") }
        try store.update { $0.takes.reverse() }
        XCTAssertEqual(try Data(contentsOf: store.fileURL), created, "a save rewrote the session file")
        XCTAssertEqual(try journalLines(store).count, 12, "one header line and one line per save")
        XCTAssertEqual(try SessionStore.load(at: store.fileURL), store.session)
        XCTAssertEqual(try SessionStore.open(at: store.fileURL).session, store.session)
    }

    /// A kill while a line is written leaves any prefix of it: every such prefix is dropped, the
    /// session opens as it was before that save, and the next save continues the journal cleanly.
    func testALastLineCutShortIsDropped() throws {
        let store = try makeStore()
        let id = store.session.takes[3].id
        try store.setRating(3, forTake: id)
        let before = store.session
        let whole = try Data(contentsOf: store.journalURL)
        try store.setNote("the save a kill cuts short", forTake: id)
        let full = try Data(contentsOf: store.journalURL)
        XCTAssertGreaterThan(full.count, whole.count)
        for end in whole.count..<full.count {
            try full.prefix(end).write(to: store.journalURL)
            XCTAssertEqual(try SessionStore.load(at: store.fileURL), before, "cut at byte \(end)")
        }
        // A line whose last byte flipped (a block the disk lost) is dropped the same way.
        var flipped = full
        flipped[full.count - 2] ^= 0x20
        try flipped.write(to: store.journalURL)
        let reopened = try SessionStore.open(at: store.fileURL)
        XCTAssertEqual(reopened.session, before)
        try reopened.setNote("after the kill", forTake: id)
        XCTAssertEqual(try SessionStore.open(at: store.fileURL).session, reopened.session)
    }

    /// Damage before the last line is not a kill: it is refused, naming the file and the line.
    func testADamagedLineBeforeTheLastIsAnErrorNamingFileAndLine() throws {
        let store = try makeStore()
        for rating in 1...3 { try store.setRating(rating, forTake: store.session.takes[0].id) }
        var lines = try journalLines(store)
        lines[2][lines[2].count - 3] ^= 0x01
        try Data(lines.map { $0 + Data("\n".utf8) }.joined()).write(to: store.journalURL)
        XCTAssertThrowsError(try SessionStore.open(at: store.fileURL)) { error in
            guard case SessionError.corruptJournal(let path, let line, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, store.journalURL.path)
            XCTAssertEqual(line, 3)
            XCTAssertTrue("\(error)".hasPrefix("\(store.journalURL.path), line 3: the line is damaged"), "\(error)")
        }
        // A whole line that does not fit the session: a splice beyond its takes.
        let bad = SessionChange.Splice(at: 50, remove: 1, insert: [])
        var change = SessionChange(from: store.session, to: store.session)
        change.takes = [bad]
        lines[2] = Data(try SessionJournal.line(change, source: "test").dropLast())
        try Data(lines.map { $0 + Data("\n".utf8) }.joined()).write(to: store.journalURL)
        XCTAssertThrowsError(try SessionStore.open(at: store.fileURL)) { error in
            XCTAssertEqual("\(error)".components(separatedBy: ". ").first,
                           "\(store.journalURL.path), line 3: takes[0].at: expected a take index from 0 to 5, found 50")
        }
    }

    /// Compaction writes the file whole with the next generation and removes the journal; the
    /// file then reads alone, and the store reopens identically. A journal that outgrows its
    /// limit is compacted by the save that crosses it.
    func testCompactionFoldsTheJournalIntoTheFile() throws {
        let store = try makeStore()
        try store.setNote("compact me", forTake: store.session.takes[1].id)
        XCTAssertTrue(store.hasJournal)
        try store.compact()
        XCTAssertFalse(store.hasJournal)
        XCTAssertFalse(FileManager.default.fileExists(atPath: store.journalURL.path))
        XCTAssertEqual(try StudioSession.parse(data: Data(contentsOf: store.fileURL), source: "s"), store.session)
        XCTAssertEqual(try SessionStore.open(at: store.fileURL).session, store.session)
        XCTAssertEqual(store.generation, 1)

        let note = String(repeating: "n", count: 300_000)
        var compactions = 0
        for n in 0..<8 {
            try store.setNote(note + "\(n)", forTake: store.session.takes[n % 5].id)
            if !store.hasJournal { compactions += 1 }
        }
        XCTAssertGreaterThan(compactions, 0, "a journal past 1 MiB was never compacted")
        XCTAssertEqual(store.generation, 1 + compactions)
        XCTAssertEqual(try SessionStore.open(at: store.fileURL).session, store.session)
    }

    /// A kill after the compacted file is in place but before the journal is removed leaves the
    /// old journal beside the new file: it is skipped (its changes are in the file) and removed.
    func testAJournalLeftByAKillDuringCompactionIsNotAppliedTwice() throws {
        let store = try makeStore()
        try store.update { $0.takes.append(Take(request: GenerationRequest(prompt: "added"), audioPath: "takes/a.wav",
                                                created: sampleDate)) }
        try store.setRating(5, forTake: store.session.takes[0].id)
        let journal = try Data(contentsOf: store.journalURL)
        try store.compact()
        try journal.write(to: store.journalURL)
        XCTAssertEqual(try SessionStore.load(at: store.fileURL), store.session)
        let reopened = try SessionStore.open(at: store.fileURL)
        XCTAssertEqual(reopened.session, store.session)
        XCTAssertEqual(reopened.session.takes.count, 6, "the added take was applied twice")
        XCTAssertFalse(FileManager.default.fileExists(atPath: store.journalURL.path), "the stale journal stayed")
    }

    /// Every step of a compaction that can fail leaves the file and the journal as they were.
    func testAFailedCompactionKeepsTheFileAndTheJournal() throws {
        let store = try makeStore()
        try store.setRating(2, forTake: store.session.takes[0].id)
        let file = try Data(contentsOf: store.fileURL), journal = try Data(contentsOf: store.journalURL)
        for fault in [AtomicWriteFault.createTemporary, .write, .sync, .rename] {
            store.fault = fault
            XCTAssertThrowsError(try store.compact()) { error in
                guard case SessionError.writeFailed(let path, _) = error else { return XCTFail("\(fault): \(error)") }
                XCTAssertEqual(path, store.fileURL.path)
            }
            XCTAssertEqual(try Data(contentsOf: store.fileURL), file, "\(fault)")
            XCTAssertEqual(try Data(contentsOf: store.journalURL), journal, "\(fault)")
            XCTAssertEqual(try SessionStore.load(at: store.fileURL), store.session, "\(fault)")
        }
    }

    /// A failed append to a journal that has lines is reported, leaves the journal's whole lines
    /// as they were, and is saved with the next change.
    func testAFailedAppendIsReportedAndRetried() throws {
        let store = try makeStore()
        let id = store.session.takes[2].id
        try store.setRating(1, forTake: id)
        let journal = try Data(contentsOf: store.journalURL)
        for fault in [AtomicWriteFault.createTemporary, .write, .sync] {
            store.fault = fault
            XCTAssertThrowsError(try store.setNote("lost? \(fault)", forTake: id)) { error in
                XCTAssertEqual((error as? SessionError).flatMap { if case .writeFailed(let path, _) = $0 { path } else { nil } },
                               store.journalURL.path, "\(error)")
            }
            XCTAssertTrue(store.hasUnsavedChanges)
            XCTAssertEqual(try Data(contentsOf: store.journalURL), journal, "\(fault)")
        }
        store.fault = nil
        try store.setRating(2, forTake: id)
        XCTAssertFalse(store.hasUnsavedChanges)
        let reopened = try SessionStore.open(at: store.fileURL).session
        XCTAssertEqual(reopened.take(id)?.note, "lost? sync")
        XCTAssertEqual(reopened.take(id)?.rating, 2)
    }

    /// Paths in journal lines are the session file's paths: a take whose audio a hand-made line
    /// puts outside the folder is listed but cannot be played or starred; and a journal that is a
    /// symbolic link is not written through.
    func testHostilePathsInTheJournalAreRefusedLikeTheFilesOwn() throws {
        let store = try makeStore()
        var hostile = store.session
        hostile.takes[0].audioPath = "/etc/passwd"
        hostile.takes[1].audioPath = "../outside.wav"
        hostile.favouritesFolder = "/tmp"
        let lines = try SessionJournal.line(SessionJournal.Header(generation: 0), source: "t")
            + SessionJournal.line(SessionChange(from: store.session, to: hostile), source: "t")
        try Data(lines).write(to: store.journalURL)
        let opened = try SessionStore.open(at: store.fileURL)
        XCTAssertEqual(opened.session, hostile)
        for index in 0..<2 {
            XCTAssertThrowsError(try opened.audioURL(of: opened.session.takes[index])) { error in
                guard case SessionError.outsideSessionFolder = error else { return XCTFail("\(error)") }
            }
            XCTAssertThrowsError(try opened.star(opened.session.takes[index].id))
        }
        XCTAssertEqual(try opened.favouritesFolderURL().lastPathComponent, "favourites")
        XCTAssertEqual(opened.warnings.count, 3, "\(opened.warnings)")

        let outside = try makeTemporaryFolder(self).appendingPathComponent("elsewhere.txt")
        try Data("mine".utf8).write(to: outside)
        try FileManager.default.removeItem(at: store.journalURL)
        try store.compact()
        try FileManager.default.createSymbolicLink(at: store.journalURL, withDestinationURL: outside)
        XCTAssertThrowsError(try store.setRating(1, forTake: store.session.takes[2].id))
        XCTAssertEqual(try Data(contentsOf: outside), Data("mine".utf8))
    }

    /// A journal that continues a newer session file than the one beside it (the file replaced
    /// by an older copy) is refused rather than applied to the wrong file.
    func testAJournalOfANewerGenerationIsRefused() throws {
        let store = try makeStore()
        let old = try Data(contentsOf: store.fileURL)
        try store.compact()
        try store.setRating(3, forTake: store.session.takes[0].id)
        try old.write(to: store.fileURL)
        XCTAssertThrowsError(try SessionStore.open(at: store.fileURL)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(store.journalURL.path), line 1: it continues generation 1 of "
                                               + "session.json, but the file is generation 0"), "\(error)")
        }
    }

    /// A session file removed while the store is open is written whole again by the next save,
    /// not continued by a journal beside nothing.
    func testASessionFileRemovedWhileOpenIsWrittenWholeAgain() throws {
        let store = try makeStore()
        try store.setRating(3, forTake: store.session.takes[0].id)
        try FileManager.default.removeItem(at: store.fileURL)
        try store.setRating(4, forTake: store.session.takes[0].id)
        XCTAssertFalse(store.hasJournal)
        XCTAssertEqual(try StudioSession.parse(data: Data(contentsOf: store.fileURL), source: "s"), store.session)
    }
}

/// The fuzzer's seed journal (fuzz/corpus/session) replays through the public entry point the
/// fuzzer uses, so the seed exercises the replay rather than stopping at its first line.
final class SessionJournalReplayTests: XCTestCase {
    func testTheFuzzSeedJournalReplays() throws {
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fuzz/corpus/session/journal.journal")
        let base = StudioSession(bundlePath: "models/mini", created: Date(timeIntervalSince1970: 0),
                                 takes: (0..<3).map { Take(request: GenerationRequest(prompt: "take \($0)"),
                                                           audioPath: "takes/t\($0).wav",
                                                           created: Date(timeIntervalSince1970: Double($0))) })
        let replayed = try base.replayingJournal(Data(contentsOf: seed), source: seed.path)
        XCTAssertEqual(replayed.takes.map(\.request.prompt), ["new", "take 0", "take 2"])
        XCTAssertEqual(replayed.takes[0].rating, 3)
        XCTAssertEqual(replayed.favouritesFolder, "stars")
        XCTAssertEqual(replayed.modified, Date(timeIntervalSince1970: 1))
    }
}
