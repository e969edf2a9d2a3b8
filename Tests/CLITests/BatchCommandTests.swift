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

    func testEveryBadLineIsReportedBeforeAnythingRuns() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let jobs = dir.appendingPathComponent("jobs.jsonl")
        try Data("""
        {"prompt": "rain"}
        {"prompt": "rain", "steps": 0}
        {"prompt": "rain", "prompt": "twice"}
        {"prompt": "rain", "guidance": "high"}
        """.utf8).write(to: jobs)
        let r = try CLI.run(["batch", jobs.path, "--out-dir", dir.appendingPathComponent("t").path,
                             "--bundle", try CLI.tinyBundle.get().path])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("3 of 4 job(s) cannot run; nothing was generated"), r.stderr)
        for needle in ["jobs.jsonl:2: steps must be", "jobs.jsonl:3: not valid JSON at column 20", "duplicate key",
                       "jobs.jsonl:4: guidance must be a number, found a string"] {
            XCTAssertTrue(r.stderr.contains(needle), "missing \(needle) in \(r.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("t/0000-prior.wav").path))
    }

    /// A job that fails when it runs (a picture that is not one): the rest are skipped, or run
    /// with --keep-going; the summary is printed either way.
    func testAFailedJobStopsTheRestUnlessKeepGoing() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let notAPicture = dir.appendingPathComponent("not.png")
        try Data("hello".utf8).write(to: notAPicture)
        let jobs = dir.appendingPathComponent("jobs.jsonl")
        try Data("""
        {"prompt": "rain", "steps": 2, "seed": 1}
        {"mode": "image", "image": "\(notAPicture.path)", "steps": 2}
        {"prompt": "wind", "steps": 2, "seed": 2}
        """.utf8).write(to: jobs)
        let bundle = try CLI.tinyBundle.get().path
        let stop = try CLI.run(["batch", jobs.path, "--out-dir", dir.appendingPathComponent("a").path, "--bundle", bundle])
        XCTAssertEqual(stop.status, 1)
        XCTAssertTrue(stop.stderr.contains("jobs.jsonl:2: job 2 failed: cannot use picture"), stop.stderr)
        XCTAssertTrue(stop.stderr.contains("batch: 1 done, 1 failed, 1 skipped (of 3)"), stop.stderr)
        let summary = try JSONSerialization.jsonObject(with: Data(stop.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(summary?["done"] as? Int, 1)
        XCTAssertEqual((summary?["takes"] as? [Any])?.count, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("a/0002-prior.wav").path))

        let keep = try CLI.run(["batch", jobs.path, "--out-dir", dir.appendingPathComponent("b").path, "--bundle", bundle,
                                "--keep-going"])
        XCTAssertEqual(keep.status, 1)
        XCTAssertTrue(keep.stderr.contains("batch: 2 done, 1 failed, 0 skipped (of 3)"), keep.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("b/0002-prior.wav").path))
    }
}
