import Engine
import Foundation
import Models
@testable import Session
import XCTest

/// Kills a process that deletes and undeletes takes in a tight loop: every time, the session
/// parses, each take's audio is whole where the session says, and each deleted take's audio is
/// whole in the trash (or still where it was, if the kill came between the save and the move).
final class SessionDeleteKillTests: XCTestCase {
    func testKillingDeleteAndUndoLeavesAWholeSessionAndWholeAudio() throws {
        let folder = try makeTemporaryFolder(self)
        let file = folder.appendingPathComponent("session.json")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("takes"), withIntermediateDirectories: true)
        var takes: [Take] = []
        for n in 1...3 {
            try Data(repeating: UInt8(n), count: 64 << 10).write(to: folder.appendingPathComponent("takes/t\(n).wav"))
            takes.append(Take(request: GenerationRequest(prompt: "take \(n)", seed: UInt64(n)), audioPath: "takes/t\(n).wav",
                              created: sampleDate))
        }
        _ = try SessionStore.create(at: file, session: StudioSession(bundlePath: "models/mini", created: sampleDate, takes: takes))
        var generator = SplitMix(state: 7)
        var deletesSeen = 0
        for round in 0..<10 {
            let child = try SessionChildProcess.start(.deleteUndo, file: file)
            usleep(UInt32.random(in: 150_000...400_000, using: &generator))
            XCTAssertTrue(child.isRunning, "round \(round): the child stopped on its own")
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            let session = try SessionStore.load(at: file)
            XCTAssertEqual(session.takes.count + session.trash.count, 3, "round \(round): a take was lost")
            func whole(_ path: String, _ n: Int) -> Bool {
                (try? Data(contentsOf: folder.appendingPathComponent(path))) == Data(repeating: UInt8(n), count: 64 << 10)
            }
            for take in session.takes {
                let n = Int(take.request.seed)
                XCTAssertTrue(whole(take.audioPath, n), "round \(round): \(take.audioPath) is not take \(n)'s whole audio")
            }
            for deleted in session.trash {
                let n = Int(deleted.take.request.seed)
                XCTAssertTrue(whole(deleted.trashPath, n) || whole(deleted.take.audioPath, n),
                              "round \(round): deleted take \(n)'s audio is neither in the trash nor where it was")
                deletesSeen += 1
            }
        }
        print("SessionDeleteKillTests: 10 kills, \(deletesSeen) with a delete pending, all whole")
    }
}
