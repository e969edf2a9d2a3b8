import Engine
import Foundation
import Playback
import XCTest

/// `clipsonic generate` and `info` as a user runs them, on a tiny random-weight bundle.
final class GenerateCommandTests: XCTestCase {
    func bundle() throws -> String { try CLI.tinyBundle.get().path }

    func testSameSeedGivesIdenticalSamplesAndAnotherSeedOthers() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = ["generate", "rain on a tin roof", "--mode", "prior", "--steps", "4", "--bundle", try bundle()]
        for (name, seed) in [("x", "7"), ("y", "7"), ("z", "8")] {
            let r = try CLI.run(base + ["--seed", seed, "--out", dir.appendingPathComponent("\(name).wav").path])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let x = try AudioFile.read(dir.appendingPathComponent("x.wav"))
        let y = try AudioFile.read(dir.appendingPathComponent("y.wav"))
        let z = try AudioFile.read(dir.appendingPathComponent("z.wav"))
        XCTAssertEqual(x.sampleRate, 16000)
        XCTAssertEqual(x.samples.count, 8192)
        XCTAssertEqual(x.samples, y.samples)
        XCTAssertNotEqual(x.samples, z.samples)
        let info = try AudioFile.readMetadata(dir.appendingPathComponent("x.wav"))
        XCTAssertEqual(info.request?.seed, 7)
        XCTAssertEqual(info.request?.mode, .prior)
        XCTAssertEqual(info.request?.prompt, "rain on a tin roof")
        XCTAssertEqual(info.request?.guidanceScale, 3)
    }

    func testABWritesBothTakesWithOneSeedAndJSONSummary() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("pair.flac").path
        let r = try CLI.run(["generate", "a bell", "--ab", "--seed", "5", "--steps", "3", "--bundle", try bundle(),
                             "--out", out, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let takes = json?["takes"] as? [[String: Any]] ?? []
        XCTAssertEqual(takes.map { $0["mode"] as? String }, ["prior", "zero-shot"])
        XCTAssertEqual(takes.map { $0["seed"] as? Int }, [5, 5])
        for mode in ["prior", "zero-shot"] {
            let info = try AudioFile.readMetadata(dir.appendingPathComponent("pair-\(mode).flac"))
            XCTAssertEqual(info.request?.seed, 5)
            XCTAssertEqual(info.request?.mode.rawValue, mode)
        }
    }

    func testVariationsWriteKTakesWithConsecutiveSeeds() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("dogs.wav").path
        let r = try CLI.run(["generate", "three dogs", "--variations", "3", "--seed", "4294967294", "--steps", "2",
                             "--bundle", try bundle(), "--out", out, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let takes = json?["takes"] as? [[String: Any]] ?? []
        XCTAssertEqual(takes.map { $0["seed"] as? Int }, [4_294_967_294, 4_294_967_295, 0], "seeds wrap within the range")
        for (n, seed) in [(1, UInt64(4_294_967_294)), (2, 4_294_967_295), (3, 0)] {
            XCTAssertEqual(try AudioFile.readMetadata(dir.appendingPathComponent("dogs-v\(n).wav")).request?.seed, seed)
        }
        for bad in [["--variations", "9"], ["--variations", "2", "--ab"]] {
            let refused = try CLI.run(["generate", "x", "--bundle", try bundle()] + bad)
            XCTAssertEqual(refused.status, 64, refused.stderr)
            XCTAssertTrue(refused.stderr.contains("--variations"), refused.stderr)
        }
    }

    func testDefaultOutputFolderNeverOverwrites() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        for _ in 0..<2 {
            let r = try CLI.run(["generate", "wind", "--seed", "1", "--steps", "2", "--bundle", try bundle()], in: dir)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("outputs").path)
        XCTAssertEqual(files.filter { $0.hasSuffix(".wav") }.count, 2, "\(files)")
    }

    func testInfoDescribesTheBundle() throws {
        let r = try CLI.run(["info", try bundle()])
        XCTAssertEqual(r.status, 0, r.stderr)
        for needle in ["random-tiny", "16000 Hz", "32 mels", "clip: clip.safetensors", "prior: prior.safetensors",
                       "unet: unet.safetensors", "vocoder (griffin-lim)"] {
            XCTAssertTrue(r.stdout.contains(needle), "missing \(needle) in:\n\(r.stdout)")
        }
    }

    // MARK: error paths: a one-line error, a non-zero status, no output file left behind

    func assertFails(_ args: [String], mentions needle: String, status: Int32? = nil, leaves file: URL? = nil,
                     line: UInt = #line) throws {
        let r = try CLI.run(args)
        XCTAssertNotEqual(r.status, 0, "expected failure for \(args)", line: line)
        if let status { XCTAssertEqual(r.status, status, line: line) }
        XCTAssertTrue(r.stderr.contains(needle), "stderr lacks \(needle):\n\(r.stderr)", line: line)
        let errorLines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
        XCTAssertEqual(errorLines.count, 1, r.stderr, line: line)
        if let file {
            XCTAssertFalse(FileManager.default.fileExists(atPath: file.path), "left \(file.path)", line: line)
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path)) ?? []
            XCTAssertTrue(leftovers.isEmpty, "left \(leftovers)", line: line)
        }
    }

    func testBadArguments() throws {
        try assertFails(["generate", "rain", "--steps", "0"], mentions: "steps must be a whole number from 1 to 1000, found 0", status: 64)
        try assertFails(["generate", "rain", "--mode", "loud"], mentions: "loud", status: 64)
        try assertFails(["generate", "rain", "--out", "x.mp3"], mentions: ".wav or .flac", status: 64)
        try assertFails(["generate", "--mode", "image"], mentions: "--image", status: 64)
    }

    func testMissingOrCorruptBundle() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out/x.wav")
        try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
        try assertFails(["generate", "rain", "--bundle", "/nonexistent/bundle", "--out", out.path],
                        mentions: "/nonexistent/bundle", leaves: out)
        let broken = dir.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Data("{\"format\": \"clipsonic-bundle\", ".utf8).write(to: broken.appendingPathComponent("bundle.json"))
        try assertFails(["generate", "rain", "--bundle", broken.path, "--out", out.path], mentions: "bundle.json", leaves: out)
        // A weights file cut short: the error names the file.
        let cut = dir.appendingPathComponent("cut")
        try FileManager.default.copyItem(at: try CLI.tinyBundle.get(), to: cut)
        let unet = cut.appendingPathComponent("unet.safetensors")
        let data = try Data(contentsOf: unet)
        try data.prefix(data.count / 2).write(to: unet)
        try assertFails(["generate", "rain", "--bundle", cut.path, "--out", out.path], mentions: "unet.safetensors", leaves: out)
    }

    func testUnreadablePicture() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let picture = dir.appendingPathComponent("not-a-picture.png")
        try Data("hello".utf8).write(to: picture)
        let out = dir.appendingPathComponent("out/x.wav")
        try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
        try assertFails(["generate", "--mode", "image", "--image", picture.path, "--steps", "2",
                         "--bundle", try bundle(), "--out", out.path], mentions: "not-a-picture.png", leaves: out)
    }

    func testUnwritableOutput() throws {
        try assertFails(["generate", "rain", "--steps", "2", "--bundle", try bundle(), "--out", "/nonexistent/dir/x.wav"],
                        mentions: "/nonexistent/dir")
        // A folder where a file should be: refused before any generation.
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let blocker = dir.appendingPathComponent("file")
        try Data().write(to: blocker)
        try assertFails(["generate", "rain", "--steps", "2", "--bundle", try bundle(),
                         "--out", blocker.appendingPathComponent("x.wav").path], mentions: "no such folder")
    }
}
