import Engine
import Foundation
@testable import Session
import XCTest

/// Saves that the system refuses, made real in a child process: a file size limit fails writes
/// with EFBIG the way a full disk fails them with ENOSPC, and a non-root user cannot write into a
/// read-only folder. Both must leave the old file and report the error.
final class SessionDiskFullTests: XCTestCase {
    func testSaveOverTheFileSizeLimitKeepsTheOldFile() throws {
        let folder = try makeTemporaryFolder(self)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("takes"), withIntermediateDirectories: true)
        try Data(repeating: 7, count: 64 * 1_024).write(to: folder.appendingPathComponent("takes/big.wav"))
        let file = folder.appendingPathComponent("session.json")
        let take = Take(request: GenerationRequest(prompt: "big"), audioPath: "takes/big.wav", created: sampleDate)
        _ = try SessionStore.create(at: file, session: StudioSession(bundlePath: "models/mini", created: sampleDate, takes: [take]))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("favourites"), withIntermediateDirectories: true)
        try SessionChildProcess.runToCompletion(.fileSizeLimit, file: file, log: folder.appendingPathComponent("child.log"), in: self)
    }

    func testSaveIntoAReadOnlyFolderAsAnotherUserKeepsTheOldFile() throws {
        guard geteuid() == 0 else {
            throw XCTSkip("needs root to switch to user nobody; SessionStoreTests covers this without root")
        }
        let folder = try makeTemporaryFolder(self)
        let sessionFolder = folder.appendingPathComponent("readonly")
        let file = sessionFolder.appendingPathComponent("session.json")
        _ = try SessionStore.create(at: file, session: makeFullSession())
        let old = try Data(contentsOf: file)
        XCTAssertEqual(chmod(sessionFolder.path, 0o555), 0)
        defer { chmod(sessionFolder.path, 0o755) }
        try SessionChildProcess.runToCompletion(.readOnlyAsNobody, file: file,
                                                log: folder.appendingPathComponent("child.log"), in: self)
        XCTAssertEqual(try Data(contentsOf: file), old)
    }
}
