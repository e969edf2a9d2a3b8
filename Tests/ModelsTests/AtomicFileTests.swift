import Foundation
@testable import Models
import XCTest

/// The one atomic writer: every way a write can end leaves the old file or the new one whole,
/// and never a temporary file behind.
final class AtomicFileTests: XCTestCase {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    private func names(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    func testReplaceCreatesThenReplaces() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("a.json")
        try AtomicFile.replace(file, with: Data("one".utf8))
        XCTAssertEqual(try Data(contentsOf: file), Data("one".utf8))
        try AtomicFile.replace(file, with: Data("two, longer".utf8))
        XCTAssertEqual(try Data(contentsOf: file), Data("two, longer".utf8))
        try AtomicFile.replace(file, with: Data())
        XCTAssertEqual(try Data(contentsOf: file), Data())
        XCTAssertEqual(try names(folder), ["a.json"])
    }

    func testEveryFailingStepKeepsTheOldFileAndLeavesNoTemporary() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("a.json")
        try AtomicFile.replace(file, with: Data("old".utf8))
        let expected: [(AtomicWriteFault, Int32, String)] = [
            (.createTemporary, EACCES, "check that you may write to \(folder.path)"),
            (.write, ENOSPC, "free some disk space and try again"),
            (.sync, EIO, ""), (.rename, EIO, ""),
        ]
        for (fault, code, advice) in expected {
            XCTAssertThrowsError(try AtomicFile.replace(file, with: Data("new".utf8), fault: fault)) { error in
                guard let error = error as? FileWriteError else { return XCTFail("\(fault): \(error)") }
                XCTAssertEqual(error.path, file.path, "\(fault)")
                XCTAssertEqual(error.code, code, "\(fault)")
                XCTAssertEqual(error.advice, advice, "\(fault)")
                XCTAssertTrue(error.description.hasPrefix("\(file.path): \(error.reason) (while "), error.description)
            }
            XCTAssertEqual(try Data(contentsOf: file), Data("old".utf8), "\(fault)")
            XCTAssertEqual(try names(folder), ["a.json"], "\(fault)")
        }
    }

    func testAFullDiskErrorSaysWhatToDo() {
        let error = FileWriteError(path: "/data/s/session.json", operation: "writing the temporary file", code: ENOSPC)
        XCTAssertEqual(error.description, "/data/s/session.json: No space left on device (while writing the temporary "
                       + "file); free some disk space and try again")
    }

    func testReplaceWritesThroughASymbolicLinkAndKeepsPermissions() throws {
        let folder = try temporaryFolder()
        let real = folder.appendingPathComponent("synced/real.json")
        try FileManager.default.createDirectory(at: real.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.replace(real, with: Data("old".utf8))
        XCTAssertEqual(chmod(real.path, 0o600), 0)
        let link = folder.appendingPathComponent("link.json")
        XCTAssertEqual(symlink(real.path, link.path), 0)
        try AtomicFile.replace(link, with: Data("new".utf8))
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link.path), real.path)
        XCTAssertEqual(try Data(contentsOf: real), Data("new".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: real.path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        XCTAssertEqual(try names(real.deletingLastPathComponent()), ["real.json"])
    }

    func testALinkToNothingIsRefusedNotReplaced() throws {
        let folder = try temporaryFolder()
        let link = folder.appendingPathComponent("dangling.json")
        XCTAssertEqual(symlink(folder.appendingPathComponent("gone.json").path, link.path), 0)
        XCTAssertThrowsError(try AtomicFile.replace(link, with: Data("x".utf8))) { error in
            XCTAssertEqual((error as? FileWriteError)?.code, ENOENT, "\(error)")
        }
        XCTAssertEqual(try names(folder), ["dangling.json"])
        XCTAssertNotNil(try? FileManager.default.destinationOfSymbolicLink(atPath: link.path))
    }

    func testCreateNeverReplaces() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("a.json")
        try AtomicFile.create(Data("first".utf8), at: file)
        XCTAssertThrowsError(try AtomicFile.create(Data("second".utf8), at: file)) { error in
            XCTAssertEqual((error as? FileWriteError)?.code, EEXIST, "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: file), Data("first".utf8))
        XCTAssertEqual(try names(folder), ["a.json"])
    }

    func testCommitToFirstFreeSkipsTakenNames() throws {
        let folder = try temporaryFolder()
        func name(_ attempt: Int) -> URL { folder.appendingPathComponent(attempt == 1 ? "take.wav" : "take-\(attempt).wav") }
        try AtomicFile.create(Data("1".utf8), at: name(1))
        try AtomicFile.create(Data("2".utf8), at: name(2))
        let staged = try AtomicFile.Staged(creating: name(1))
        try staged.write(Data("3".utf8))
        XCTAssertEqual(try staged.commit(toFirstFree: name), name(3))
        XCTAssertEqual(try Data(contentsOf: name(3)), Data("3".utf8))
        let full = try AtomicFile.Staged(creating: name(1))
        XCTAssertThrowsError(try full.commit(toFirstFree: name, attempts: 3)) { error in
            XCTAssertEqual((error as? FileWriteError)?.code, EEXIST, "\(error)")
        }
        XCTAssertEqual(try names(folder), ["take-2.wav", "take-3.wav", "take.wav"])
        XCTAssertEqual(try Data(contentsOf: name(1)), Data("1".utf8))
    }

    func testADroppedStagedFileLeavesNothing() throws {
        let folder = try temporaryFolder()
        do {
            let staged = try AtomicFile.Staged(replacing: folder.appendingPathComponent("a.bin"))
            try staged.write([1, 2, 3])
            XCTAssertTrue(FileManager.default.fileExists(atPath: staged.temporaryPath))
        }
        XCTAssertEqual(try names(folder), [])
    }

    func testCopyNewCopiesTheWholeFile() throws {
        let folder = try temporaryFolder()
        let source = folder.appendingPathComponent("source.bin")
        let bytes = Data((0..<(3 << 20) + 5).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try AtomicFile.create(bytes, at: source)
        let input = try RegularFile.openForReading(source.path)
        defer { close(input) }
        let copy = folder.appendingPathComponent("copy.bin")
        try AtomicFile.copyNew(from: input, source: source, to: copy)
        XCTAssertEqual(try Data(contentsOf: copy), bytes)
        XCTAssertThrowsError(try AtomicFile.copyNew(from: input, source: source, to: copy))
    }

    func testIntoAMissingFolderNamesThePathAndTheFolder() throws {
        let file = try temporaryFolder().appendingPathComponent("no/such/a.json")
        XCTAssertThrowsError(try AtomicFile.replace(file, with: Data())) { error in
            guard let error = error as? FileWriteError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.path, file.path)
            XCTAssertEqual(error.code, ENOENT)
            XCTAssertTrue(error.description.hasSuffix("check that the folder \(file.deletingLastPathComponent().path) exists"),
                          error.description)
        }
    }

    func testStaleTemporariesAreRemoved() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("session.json")
        try AtomicFile.create(Data("x".utf8), at: file)
        for suffix in ["1a", "ff"] {
            try AtomicFile.create(Data(), at: folder.appendingPathComponent(AtomicFile.temporaryPrefix(for: file) + suffix))
        }
        try AtomicFile.create(Data(), at: folder.appendingPathComponent("other.json"))
        XCTAssertEqual(AtomicFile.removeStaleTemporaries(besides: file).count, 2)
        XCTAssertEqual(try names(folder), ["other.json", "session.json"])
    }
}
