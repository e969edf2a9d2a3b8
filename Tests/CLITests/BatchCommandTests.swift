import Foundation
import Playback
import XCTest

/// `clipsonic batch`: a queue of JSON-line requests with one loaded bundle.
final class BatchCommandTests: XCTestCase {
    func testRunsEveryJobInOrderWithDefaultsForMissingFields() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let jobs = dir.appendingPathComponent("jobs.jsonl")
        try Data("""
        {"prompt": "rain", "mode": "zero-shot", "seed": 3, "steps": 2}
        # a comment line

        {"prompt": "a bell", "seed": 4, "steps": 2, "guidance": 1}
        """.utf8).write(to: jobs)
        let r = try CLI.run(["batch", jobs.path, "--out-dir", dir.appendingPathComponent("takes").path,
                             "--bundle", try CLI.tinyBundle.get().path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let first = try AudioFile.readMetadata(dir.appendingPathComponent("takes/0000-zero-shot.wav"))
        let second = try AudioFile.readMetadata(dir.appendingPathComponent("takes/0001-prior.wav"))
        XCTAssertEqual(first.request?.seed, 3)
        XCTAssertEqual(second.request?.guidanceScale, 1)
        XCTAssertEqual(second.request?.steps, 2)
        XCTAssertEqual(second.request?.sampler, .dpmSolverPP)  // the default
    }

    func testABadLineIsNamedAndNothingRuns() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let jobs = dir.appendingPathComponent("jobs.jsonl")
        try Data("{\"prompt\": \"rain\"}\n{\"prompt\": 3}\n".utf8).write(to: jobs)
        let r = try CLI.run(["batch", jobs.path, "--out-dir", dir.appendingPathComponent("takes").path,
                             "--bundle", try CLI.tinyBundle.get().path])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("jobs.jsonl:2: prompt must be a string, found a number"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("takes/0000-prior.wav").path))
    }
}
