import Foundation
import Models
@testable import Session
import XCTest

/// Kills a process that saves a session in a tight loop, many times, and checks that the file with
/// its journal (each save a journal line, a compaction every megabyte or so) is
/// always one whole state, old or new, never a mix or a truncated write.
final class SessionKillTests: XCTestCase {
    func testKillingAWriterNeverLeavesAHalfWrittenSession() throws {
        let folder = try makeTemporaryFolder(self)
        let file = folder.appendingPathComponent("session.json")
        _ = try SessionStore.create(at: file, session: SessionChildProcess.tortureState(0))
        var generator = SplitMix(state: 2024)
        var lastState: UInt64 = 0
        var reads = 0
        var killsMidSave = 0
        let rounds = 12

        /// Reads and checks the file; returns its state number.
        func check() throws -> UInt64 {
            let session = try SessionStore.load(at: file)
            let n = session.settings.request.seed
            XCTAssertEqual(session, SessionChildProcess.tortureState(n), "file holds a mix of states")
            XCTAssertGreaterThanOrEqual(n, lastState, "an older state came back")
            reads += 1
            return n
        }

        for round in 0..<rounds {
            let child = try SessionChildProcess.start(.torture, file: file)
            // Wait until the child is saving, reading the file all along: a reader must never
            // see a partial file either.
            let deadline = Date().addingTimeInterval(30)
            while try check() <= lastState + 2, child.isRunning, Date() < deadline { usleep(1_000) }
            XCTAssertTrue(child.isRunning, "round \(round): the writer stopped on its own")
            usleep(UInt32.random(in: 0...30_000, using: &generator))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            XCTAssertEqual(child.terminationReason, .uncaughtSignal)
            let prefix = AtomicFile.temporaryPrefix(for: file)
            if try FileManager.default.contentsOfDirectory(atPath: folder.path).contains(where: { $0.hasPrefix(prefix) }) {
                killsMidSave += 1
            }
            lastState = try check()
        }
        print("SessionKillTests: \(rounds) kills, \(killsMidSave) during a save (temporary file left), "
              + "\(reads) reads all whole, last state \(lastState)")
        XCTAssertGreaterThan(lastState, UInt64(rounds * 2))
    }
}
