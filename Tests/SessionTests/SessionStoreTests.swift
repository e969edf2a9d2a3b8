import Engine
import Foundation
import Models
@testable import Session
import XCTest

final class SessionStoreTests: XCTestCase {
    private func fixedClock() -> @Sendable () -> Date { { sampleDate.addingTimeInterval(3_600) } }

    func testCreateOpenUpdateRoundTrip() throws {
        let folder = try makeTemporaryFolder(self)
        let file = folder.appendingPathComponent("nested/session.json")
        let store = try SessionStore.create(at: file, session: makeFullSession(), clock: fixedClock())
        try store.update { session in session.settings.themeName = "light" }
        XCTAssertFalse(store.hasUnsavedChanges)
        let reopened = try SessionStore.open(at: file)
        XCTAssertEqual(reopened.session.settings.themeName, "light")
        XCTAssertEqual(reopened.session.modified, sampleDate.addingTimeInterval(3_600), "update stamps modified")
        XCTAssertEqual(reopened.session, store.session)
    }

    func testCreateRefusesToReplaceAnExistingSession() throws {
        let file = try makeTemporaryFolder(self).appendingPathComponent("session.json")
        _ = try SessionStore.create(at: file, session: makeFullSession())
        XCTAssertThrowsError(try SessionStore.create(at: file, session: StudioSession(bundlePath: "x"))) {
            XCTAssertEqual($0 as? SessionError, .alreadyExists(path: file.path))
        }
        XCTAssertEqual(try SessionStore.open(at: file).session, makeFullSession())
    }

    func testOpeningAMissingOrBrokenFileIsATypedError() throws {
        let folder = try makeTemporaryFolder(self)
        let missing = folder.appendingPathComponent("none.json")
        XCTAssertThrowsError(try SessionStore.open(at: missing)) {
            XCTAssertEqual($0 as? SessionError, .readFailed(path: missing.path, reason: "No such file or directory"))
        }
        let broken = folder.appendingPathComponent("broken.json")
        try Data("{\"format\": \"clipsonic-session\", ".utf8).write(to: broken)
        XCTAssertThrowsError(try SessionStore.open(at: broken)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(broken.path): line 1, column 33: unexpected end of text"), "\(error)")
        }
        XCTAssertThrowsError(try SessionStore.open(at: folder)) { error in
            guard case SessionError.readFailed(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, folder.path)
        }
    }

    func testAFailedChangeLeavesTheSessionAsItWas() throws {
        let file = try makeTemporaryFolder(self).appendingPathComponent("session.json")
        let store = try SessionStore.create(at: file, session: makeFullSession())
        let before = store.session
        let unknown = UUID()
        XCTAssertThrowsError(try store.update { session throws(SessionError) in
            session.settings.themeName = "light"
            try session.setNote("x", forTake: unknown)
        })
        XCTAssertEqual(store.session, before)
    }

    /// Every step of a save that can fail (opening, writing, flushing the journal) leaves the
    /// session file byte for byte, no journal behind, and the change in memory.
    func testEveryFailingSaveStepKeepsTheOldFile() throws {
        let folder = try makeTemporaryFolder(self)
        let file = folder.appendingPathComponent("session.json")
        let store = try SessionStore.create(at: file, session: makeFullSession())
        for fault in [AtomicWriteFault.createTemporary, .write, .sync] {
            let old = try Data(contentsOf: file)
            store.fault = fault
            XCTAssertThrowsError(try store.update { $0.settings.deviceName = "device-\(fault)" }) { error in
                guard case SessionError.writeFailed(let path, _) = error else { return XCTFail("\(fault): \(error)") }
                XCTAssertEqual(path, store.journalURL.path)
                XCTAssertTrue("\(error)".contains("The previous version of the file is intact"))
            }
            XCTAssertEqual(try Data(contentsOf: file), old, "\(fault)")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["session.json"], "\(fault)")
            XCTAssertTrue(store.hasUnsavedChanges)
            XCTAssertEqual(store.session.settings.deviceName, "device-\(fault)")
        }
        store.fault = nil
        try store.save()
        XCTAssertFalse(store.hasUnsavedChanges)
        XCTAssertEqual(try SessionStore.open(at: file).session.settings.deviceName, "device-sync")
    }

    func testSaveIntoAReadOnlyFolderKeepsTheOldFile() throws {
        if geteuid() == 0 {
            throw XCTSkip("root ignores permission bits; SessionDiskFullTests runs this check as user nobody")
        }
        let folder = try makeTemporaryFolder(self)
        let file = folder.appendingPathComponent("session.json")
        let store = try SessionStore.create(at: file, session: makeFullSession())
        let old = try Data(contentsOf: file)
        XCTAssertEqual(chmod(folder.path, 0o555), 0)
        XCTAssertThrowsError(try store.update { $0.settings.themeName = "light" }) { error in
            XCTAssertTrue("\(error)".contains("Permission denied"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: file), old)
        XCTAssertTrue(store.hasUnsavedChanges)
        XCTAssertEqual(chmod(folder.path, 0o755), 0)
        try store.save()
        XCTAssertEqual(try SessionStore.open(at: file).session.settings.themeName, "light")
    }

    func testSaveKeepsTheFilesPermissions() throws {
        let file = try makeTemporaryFolder(self).appendingPathComponent("session.json")
        let store = try SessionStore.create(at: file, session: makeFullSession())
        XCTAssertEqual(chmod(file.path, 0o600), 0)
        try store.update { $0.settings.themeName = "light" }
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }

    func testOpenRemovesTemporaryFilesOfAKilledWriter() throws {
        let folder = try makeTemporaryFolder(self)
        let file = folder.appendingPathComponent("session.json")
        _ = try SessionStore.create(at: file, session: makeFullSession())
        try Data("{\"half\": ".utf8).write(to: folder.appendingPathComponent(".session.json.tmp-1a2b3c"))
        try Data("keep".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        _ = try SessionStore.open(at: file)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["notes.txt", "session.json"])
    }

    func testMissingAudioIsReportedNotFatal() throws {
        let folder = try makeTemporaryFolder(self)
        let outside = try makeTemporaryFolder(self)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("takes"), withIntermediateDirectories: true)
        let present = folder.appendingPathComponent("takes/present.wav")
        let absolute = outside.appendingPathComponent("elsewhere.wav")
        try Data("RIFF".utf8).write(to: present)
        try Data("RIFF".utf8).write(to: absolute)
        let inside = Take(request: GenerationRequest(), audioPath: SessionPath.stored(present, sessionFolder: folder))
        let far = Take(request: GenerationRequest(), audioPath: SessionPath.stored(absolute, sessionFolder: folder))
        let gone = Take(request: GenerationRequest(), audioPath: "takes/gone.wav")
        let goneFar = Take(request: GenerationRequest(), audioPath: outside.appendingPathComponent("gone.wav").path)
        XCTAssertEqual(inside.audioPath, "takes/present.wav")
        XCTAssertEqual(far.audioPath, absolute.standardizedFileURL.path)
        let file = folder.appendingPathComponent("session.json")
        _ = try SessionStore.create(at: file, session: StudioSession(bundlePath: "models/mini", takes: [inside, gone, far, goneFar]))
        let store = try SessionStore.open(at: file)
        // Audio outside the session folder cannot be used even when it exists (SessionConfinementTests).
        XCTAssertEqual(store.missingAudio, [gone.id, far.id, goneFar.id])
        XCTAssertEqual(store.session.takes.count, 4)
        XCTAssertEqual(store.warnings.count, 2, "\(store.warnings)")
    }

    func testSessionPaths() {
        let folder = URL(fileURLWithPath: "/home/u/sessions/rain")
        XCTAssertEqual(SessionPath.stored(URL(fileURLWithPath: "/home/u/sessions/rain/takes/a.wav"), sessionFolder: folder), "takes/a.wav")
        XCTAssertEqual(SessionPath.stored(URL(fileURLWithPath: "/home/u/sessions/rain/./b.wav"), sessionFolder: folder), "b.wav")
        XCTAssertEqual(SessionPath.stored(URL(fileURLWithPath: "/home/u/sessions/rainy/a.wav"), sessionFolder: folder),
                       "/home/u/sessions/rainy/a.wav", "a sibling folder sharing a prefix is outside")
        XCTAssertEqual(SessionPath.stored(URL(fileURLWithPath: "/tmp/a.wav"), sessionFolder: folder), "/tmp/a.wav")
        XCTAssertEqual(SessionPath.resolve("takes/a.wav", sessionFolder: folder).path, "/home/u/sessions/rain/takes/a.wav")
        XCTAssertEqual(SessionPath.resolve("/tmp/a.wav", sessionFolder: folder).path, "/tmp/a.wav")
    }
}
