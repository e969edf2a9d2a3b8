import Foundation
import XCTest

/// A `generate` or `batch` run killed while writing a take left its hidden temporary file in the
/// output folder for good (issue #17: 4 of 40 kills). The next run removes its own abandoned
/// ones there, and nothing else.
final class LeftoverTemporaryTests: XCTestCase {
    func bundle() throws -> String { try CLI.tinyBundle.get().path }

    /// Makes `name` in `folder`, last written `age` seconds ago.
    @discardableResult
    private func leftover(_ name: String, in folder: URL, age: TimeInterval = 60) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data("RIFF half".utf8).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: url.path)
        return url
    }

    private func names(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    func testGenerateRemovesItsAbandonedTemporariesInTheDefaultFolderAndNothingElse() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outputs = dir.appendingPathComponent("outputs")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        try leftover(".20240501-wind-prior-s1.wav.tmp-3f2a", in: outputs)
        try leftover(".bell.flac.tmp-1", in: outputs)
        try leftover(".session.json.tmp-1a", in: outputs)  // not a take's: not this command's to remove
        try leftover(".notes.tmp", in: outputs)
        try leftover("notes.txt", in: outputs)
        // Another run still writing: it holds its temporary file open, however old it looks.
        let live = try leftover(".rain.wav.tmp-c0de", in: outputs, age: 7200)
        let handle = try FileHandle(forWritingTo: live)
        defer { try? handle.close() }
        let outside = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: outside) }
        let precious = try leftover("precious.wav", in: outside)
        try FileManager.default.createSymbolicLink(atPath: outputs.appendingPathComponent(".link.wav.tmp-ab").path,
                                                   withDestinationPath: precious.path)

        let r = try CLI.run(["generate", "wind", "--seed", "1", "--steps", "2", "--bundle", try bundle()], in: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("removed 2 temporary files that an interrupted run left in \(outputs.path)\n"), r.stderr)
        let left = try names(outputs)
        XCTAssertEqual(left.filter { $0.hasPrefix(".") }, [".link.wav.tmp-ab", ".notes.tmp", ".rain.wav.tmp-c0de", ".session.json.tmp-1a"])
        XCTAssertEqual(left.filter { !$0.hasPrefix(".") }.count, 2, "\(left)")  // notes.txt and the new take
        XCTAssertTrue(left.contains("notes.txt"))
        XCTAssertEqual(try Data(contentsOf: precious), Data("RIFF half".utf8))
    }

    func testGenerateWithOutSweepsThatFileFolderAndJSONStaysClean() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sub = dir.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try leftover(".x.wav.tmp-9", in: sub)
        let r = try CLI.run(["generate", "wind", "--seed", "1", "--steps", "2", "--bundle", try bundle(),
                             "--out", sub.appendingPathComponent("x.wav").path, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("removed 1 temporary file that an interrupted run left in \(sub.path)"), r.stderr)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)), r.stdout)
        XCTAssertEqual(try names(sub), ["x.wav"])
    }

    func testBatchRemovesItsAbandonedTemporariesInOutDir() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let takes = dir.appendingPathComponent("takes")
        try FileManager.default.createDirectory(at: takes, withIntermediateDirectories: true)
        try leftover(".0001-prior.wav.tmp-77", in: takes)
        let jobs = dir.appendingPathComponent("jobs.jsonl")
        try Data("{\"prompt\": \"a bell\", \"seed\": 4, \"steps\": 2}\n".utf8).write(to: jobs)
        let r = try CLI.run(["batch", jobs.path, "--out-dir", takes.path, "--bundle", try bundle()])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try names(takes).filter { $0.hasPrefix(".") }, [])
        XCTAssertEqual(try names(takes).count, 1)
    }
}
