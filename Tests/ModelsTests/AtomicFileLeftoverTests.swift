import Foundation
@testable import Models
import XCTest

/// Sweeping a shared folder's temporary files: only those `Staged` names, only regular files,
/// and never one a live writer may still publish.
final class AtomicFileLeftoverTests: XCTestCase {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-leftover-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    private func names(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// Makes `name` in `folder`, last written a minute ago: as a killed writer leaves it.
    @discardableResult
    private func leftover(_ name: String, in folder: URL, age: TimeInterval = 60) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data("half a take".utf8).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: url.path)
        return url
    }

    func testTemporaryNamesAreReadAsStagedWritesThem() throws {
        XCTAssertEqual(AtomicFile.destinationName(ofTemporary: ".rain.wav.tmp-3f2a"), "rain.wav")
        XCTAssertEqual(AtomicFile.destinationName(ofTemporary: ".a.tmp-b.wav.tmp-ffffffff"), "a.tmp-b.wav")
        for name in [".notes.tmp", "rain.wav.tmp-3f2a", ".rain.wav.tmp-", ".rain.wav.tmp-3F2A",
                     ".rain.wav.tmp-123456789", ".rain.wav.tmp-xyz", "..tmp-1a", ".rain.wav"] {
            XCTAssertNil(AtomicFile.destinationName(ofTemporary: name), name)
        }
        // What `Staged` really makes reads back.
        let folder = try temporaryFolder()
        let staged = try AtomicFile.Staged(creating: folder.appendingPathComponent("take.wav"))
        XCTAssertEqual(AtomicFile.destinationName(ofTemporary: URL(fileURLWithPath: staged.temporaryPath).lastPathComponent),
                       "take.wav")
        staged.discard()
    }

    func testAbandonedTemporariesOfTheChosenDestinationsGoAndNothingElse() throws {
        let folder = try temporaryFolder()
        let outside = try temporaryFolder()
        let stale = try leftover(".rain.wav.tmp-3f2a", in: folder)
        try leftover(".rain.flac.tmp-1", in: folder)
        try leftover(".batch.json.tmp-ab", in: folder)  // not an audio destination: not asked for
        try leftover(".notes.tmp", in: folder)
        try leftover("rain.wav", in: folder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".dir.wav.tmp-aa"),
                                                withIntermediateDirectories: false)
        let target = try leftover("precious.wav", in: outside)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(".link.wav.tmp-bb").path,
                                                   withDestinationPath: target.path)
        let sweep = AtomicFile.removeAbandonedTemporaries(in: folder) { $0.hasSuffix(".wav") || $0.hasSuffix(".flac") }
        XCTAssertEqual(sweep.removed.map(\.lastPathComponent), [".rain.flac.tmp-1", stale.lastPathComponent])
        XCTAssertEqual(sweep.kept, [])
        XCTAssertEqual(try names(folder), [".batch.json.tmp-ab", ".dir.wav.tmp-aa", ".link.wav.tmp-bb", ".notes.tmp", "rain.wav"])
        XCTAssertEqual(try Data(contentsOf: target), Data("half a take".utf8))
    }

    func testATemporaryFileAWriterHoldsOpenIsKept() throws {
        let folder = try temporaryFolder()
        let staged = try AtomicFile.Staged(creating: folder.appendingPathComponent("take.wav"))
        try staged.write(Data("RIFF".utf8))
        // Old enough by the clock, but open: a writer paused (Ctrl-Z) or flushing a long take.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)],
                                              ofItemAtPath: staged.temporaryPath)
        let sweep = AtomicFile.removeAbandonedTemporaries(in: folder) { _ in true }
        XCTAssertEqual(sweep.removed, [])
        XCTAssertEqual(sweep.kept.map(\.path), [staged.temporaryPath])
        try staged.commit()
        XCTAssertEqual(try names(folder), ["take.wav"])
    }

    func testATemporaryFileJustWrittenIsKeptUntilLater() throws {
        let folder = try temporaryFolder()
        let fresh = try leftover(".take.wav.tmp-c0de", in: folder, age: 0)
        XCTAssertEqual(AtomicFile.removeAbandonedTemporaries(in: folder) { _ in true }.kept, [fresh])
        let later = Date().addingTimeInterval(10)
        XCTAssertEqual(AtomicFile.removeAbandonedTemporaries(in: folder, now: later) { _ in true }.removed, [fresh])
        XCTAssertEqual(try names(folder), [])
    }

    func testAnotherUsersTemporaryFileMustBeQuietForAnHour() throws {
        let folder = try temporaryFolder()
        let url = try leftover(".take.wav.tmp-a", in: folder)
        var info = stat()
        XCTAssertEqual(lstat(url.path, &info), 0)
        info.st_uid = getuid() &+ 1  // whose processes this user cannot see
        let now = Date()
        XCTAssertFalse(AtomicFile.isAbandoned(info, openFiles: [], now: now))
        XCTAssertTrue(AtomicFile.isAbandoned(info, openFiles: [], now: now.addingTimeInterval(AtomicFile.unseenWriterQuietPeriod)))
        // Where open files cannot be seen at all (no /proc), the same holds for one's own.
        XCTAssertEqual(lstat(url.path, &info), 0)
        XCTAssertFalse(AtomicFile.isAbandoned(info, openFiles: nil, now: now))
        XCTAssertTrue(AtomicFile.isAbandoned(info, openFiles: [], now: now))
    }
}
