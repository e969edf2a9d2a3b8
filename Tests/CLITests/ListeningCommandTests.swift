import Engine
import Foundation
import Models
import Playback
import XCTest

/// The audio encoder's uses from the command line (issue #19): scores in `--json` and tags,
/// `--variations K --rank`, `--mode audio --audio FILE` and `search`, on the tiny random bundle
/// with a random encoder (`random-bundle --audio-encoder`) and without one.
final class ListeningCommandTests: XCTestCase {
    static let listeningBundle: Result<URL, Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-cli-listening-\(getpid())")
        let r = try CLI.run(["random-bundle", dir.path, "--audio-encoder"])
        guard r.status == 0 else { throw NSError(domain: "CLI", code: Int(r.status), userInfo: [NSLocalizedDescriptionKey: r.stderr]) }
        return dir
    }

    private func listening() throws -> String { try Self.listeningBundle.get().path }
    private func plain() throws -> String { try CLI.tinyBundle.get().path }

    private func takes(_ stdout: String) throws -> [[String: Any]] {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], stdout)
        return json["takes"] as? [[String: Any]] ?? []
    }

    private func scratch() throws -> URL {
        let dir = try CLI.scratch()
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testGenerateReportsAndTagsAScoreOnlyWithAnEncoder() throws {
        let dir = try scratch()
        let out = dir.appendingPathComponent("bell.wav")
        let r = try CLI.run(["generate", "a bell", "--steps", "2", "--seed", "3", "--bundle", try listening(),
                             "--out", out.path, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let take = try XCTUnwrap(try takes(r.stdout).first)
        let score = try XCTUnwrap(take["score"] as? Double, r.stdout)
        XCTAssertTrue((-1...1).contains(score), "\(score)")
        XCTAssertNotNil((take["timings"] as? [String: Any])?["scoring"], r.stdout)
        XCTAssertTrue(r.stdout.range(of: #""score" : -?[01]\.\d{4},"#, options: .regularExpression) != nil, "4 decimals: \(r.stdout)")
        // The tag holds it, `info` prints it, and a remake keeps reading the tag.
        let info = try AudioFile.readMetadata(out)
        XCTAssertEqual(Double(try XCTUnwrap(info.tags.recipe?.score)), score, accuracy: 1e-6)
        let shown = try CLI.run(["info", out.path])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("score             \(String(format: "%.4f", score))"), shown.stdout)
        let remade = try CLI.run(["generate", "--from", out.path, "--steps", "2", "--bundle", try listening(),
                                  "--out", dir.appendingPathComponent("again.wav").path])
        XCTAssertEqual(remade.status, 0, remade.stderr)

        let bare = dir.appendingPathComponent("plain.wav")
        let p = try CLI.run(["generate", "a bell", "--steps", "2", "--seed", "3", "--bundle", try plain(),
                             "--out", bare.path, "--json"])
        XCTAssertEqual(p.status, 0, p.stderr)
        XCTAssertNil(try takes(p.stdout).first?["score"], p.stdout)
        let plainInfo = try CLI.run(["info", bare.path])
        XCTAssertTrue(plainInfo.stdout.contains("score             (none: made with a bundle without an audio encoder"), plainInfo.stdout)
        let bundleInfo = try CLI.run(["info", try plain()])
        XCTAssertTrue(bundleInfo.stdout.contains("audio_encoder: none"), bundleInfo.stdout)
    }

    func testRankListsTheVariationsBestFirstAndKeepsTheFilesInSeedOrder() throws {
        let dir = try scratch()
        let out = dir.appendingPathComponent("dogs.wav")
        let r = try CLI.run(["generate", "three dogs", "--variations", "3", "--rank", "--seed", "10", "--steps", "2",
                             "--bundle", try listening(), "--out", out.path, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let listed = try takes(r.stdout)
        XCTAssertEqual(listed.map { $0["rank"] as? Int }, [1, 2, 3])
        let scores = listed.compactMap { $0["score"] as? Double }
        XCTAssertEqual(scores.count, 3)
        XCTAssertEqual(scores, scores.sorted(by: >), "best first")
        // Files keep seed order: dogs-vN.wav is seed 10 + N - 1, whatever its rank.
        for take in listed {
            let file = try XCTUnwrap(take["file"] as? String)
            let seed = try XCTUnwrap(take["seed"] as? Int)
            XCTAssertEqual(URL(fileURLWithPath: file).lastPathComponent, "dogs-v\(seed - 9).wav")
            let tagged = try XCTUnwrap(try AudioFile.readMetadata(URL(fileURLWithPath: file)).tags.recipe)
            XCTAssertEqual(tagged.request.seed, UInt64(seed))
            XCTAssertEqual(Double(try XCTUnwrap(tagged.score)), try XCTUnwrap(take["score"] as? Double), accuracy: 1e-6)
        }
    }

    func testRankNeedsAnEncoderAndVariations() throws {
        let dir = try scratch()
        let out = dir.appendingPathComponent("x.wav").path
        let noEncoder = try CLI.run(["generate", "a bell", "--variations", "2", "--rank", "--steps", "2",
                                     "--bundle", try plain(), "--out", out])
        XCTAssertEqual(noEncoder.status, 1)
        XCTAssertTrue(noEncoder.stderr.contains("--rank needs an audio encoder"), noEncoder.stderr)
        XCTAssertTrue(noEncoder.stderr.contains(try plain()), "names the bundle: \(noEncoder.stderr)")
        XCTAssertTrue(noEncoder.stderr.contains("leave out --rank"), noEncoder.stderr)
        let alone = try CLI.run(["generate", "a bell", "--rank", "--bundle", try listening(), "--out", out])
        XCTAssertEqual(alone.status, 64)
        XCTAssertTrue(alone.stderr.contains("--rank ranks the takes of --variations K"), alone.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [], "nothing written")
    }

    func testAudioModeRefusesWhatIsNotASoundAndWritesNothing() throws {
        let dir = try scratch()
        let text = dir.appendingPathComponent("notes.txt")
        try Data("not a sound at all".utf8).write(to: text)
        let out = dir.appendingPathComponent("heard.wav").path
        for (sound, bundle) in [(text.path, try listening()), (dir.appendingPathComponent("gone.wav").path, try listening())] {
            let r = try CLI.run(["generate", "--mode", "audio", "--audio", sound, "--steps", "2", "--bundle", bundle, "--out", out])
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("cannot use the sound \(sound) as the query: "), r.stderr)
        }
        let noSound = try CLI.run(["generate", "--mode", "audio", "--bundle", try listening(), "--out", out])
        XCTAssertEqual(noSound.status, 64)
        XCTAssertTrue(noSound.stderr.contains("audio mode needs a sound"), noSound.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["notes.txt"], "nothing written")
    }

    func testAudioModeMakesATakeWhoseRecipeSaysAudio() throws {
        let dir = try scratch()
        // Any WAV at any rate: a 44.1 kHz tone.
        let tone = dir.appendingPathComponent("tone.wav")
        let samples = (0..<44_100).map { Float(0.4 * sin(2 * Double.pi * 330 * Double($0) / 44_100)) }
        try AudioFile.write(AudioBuffer(samples: samples, sampleRate: 44_100), to: tone)
        let out = dir.appendingPathComponent("heard.wav")
        let r = try CLI.run(["generate", "--mode", "audio", "--audio", tone.path, "--steps", "2", "--seed", "1",
                             "--bundle", try listening(), "--out", out.path, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try takes(r.stdout).first?["mode"] as? String, "audio")
        let recipe = try XCTUnwrap(try AudioFile.readMetadata(out).tags.recipe)
        XCTAssertEqual(recipe.request.mode, .audio)
        XCTAssertEqual(recipe.request.audioPath, tone.path)
        XCTAssertNotNil(recipe.score)
        let shown = try CLI.run(["info", out.path, "--json"])
        XCTAssertTrue(shown.stdout.contains("\"mode\" : \"audio\""), shown.stdout)
        // The same parameter on a batch line (its summary is JSON).
        let jobs = dir.appendingPathComponent("jobs.jsonl")
        try Data(#"{"mode": "audio", "audio": "\#(tone.path)", "steps": 2, "seed": 2}"#.utf8).write(to: jobs)
        let batch = try CLI.run(["batch", jobs.path, "--out-dir", dir.appendingPathComponent("batch").path,
                                 "--bundle", try listening()])
        XCTAssertEqual(batch.status, 0, batch.stderr)
        XCTAssertTrue(batch.stdout.contains("\"mode\" : \"audio\""), batch.stdout)
        XCTAssertTrue(batch.stdout.contains("\"score\" : "), batch.stdout)
        // Without an encoder the mode is refused by name.
        let plainRun = try CLI.run(["generate", "--mode", "audio", "--audio", tone.path, "--bundle", try plain(),
                                    "--out", dir.appendingPathComponent("no.wav").path])
        XCTAssertEqual(plainRun.status, 1)
        XCTAssertTrue(plainRun.stderr.contains("has no audio encoder, which audio mode needs"), plainRun.stderr)
    }

    /// Three takes made by the CLI into a session folder, and a fourth whose path leads out of
    /// it: search lists the three in the order of the cosines computed here through the engine,
    /// and the fourth as skipped, without reading it.
    func testSearchRanksASessionsTakesAndSkipsOneOutsideItsFolder() throws {
        let dir = try scratch()
        let session = dir.appendingPathComponent("session")
        let takesFolder = session.appendingPathComponent("takes")
        try FileManager.default.createDirectory(at: takesFolder, withIntermediateDirectories: true)
        var stored: [String] = []
        for (n, prompt) in ["a bell", "rain on a roof", "a deep drum"].enumerated() {
            let file = takesFolder.appendingPathComponent("t\(n + 1).wav")
            let r = try CLI.run(["generate", prompt, "--steps", "2", "--seed", "\(n + 20)", "--bundle", try listening(),
                                 "--out", file.path])
            XCTAssertEqual(r.status, 0, r.stderr)
            stored.append("takes/t\(n + 1).wav")
        }
        let outside = dir.appendingPathComponent("elsewhere.wav")
        try FileManager.default.copyItem(at: takesFolder.appendingPathComponent("t1.wav"), to: outside)
        stored.append("../elsewhere.wav")
        let takes = stored.enumerated().map { n, path in
            #"{"id": "00000000-0000-0000-0000-00000000000\#(n + 1)", "request": {"prompt": "take \#(n + 1)", "seed": \#(n)}, "audioPath": "\#(path)", "created": "2026-12-06T02:00:00Z"}"#
        }
        let file = """
            {"format": "clipsonic-session", "version": 2, "bundlePath": "\(try listening())",
             "created": "2026-12-06T02:00:00Z", "modified": "2026-12-06T02:00:00Z", "settings": {},
             "takes": [\(takes.joined(separator: ", "))], "abPairs": []}
            """
        try Data(file.utf8).write(to: session.appendingPathComponent("session.json"))

        let engine = try GenerationEngine(bundleAt: try Self.listeningBundle.get())
        engine.audioReader = AudioFile.engineReader
        let query = try engine.searchEmbedding(text: "a bell")
        let cosines = try (1...3).map {
            GenerationEngine.similarity(try engine.soundEmbedding(path: takesFolder.appendingPathComponent("t\($0).wav").path), query)
        }
        let expected = [1, 2, 3].sorted { cosines[$0 - 1] > cosines[$1 - 1] }

        let r = try CLI.run(["search", session.path, "a bell", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let ranked = json["takes"] as? [[String: Any]] ?? []
        XCTAssertEqual(ranked.map { $0["take"] as? Int }, expected)
        XCTAssertEqual(ranked.map { $0["rank"] as? Int }, [1, 2, 3])
        for hit in ranked {
            let n = try XCTUnwrap(hit["take"] as? Int)
            XCTAssertEqual(try XCTUnwrap(hit["score"] as? Double), Double(cosines[n - 1]), accuracy: 1e-4)
        }
        let skipped = json["skipped"] as? [[String: Any]] ?? []
        XCTAssertEqual(skipped.map { $0["take"] as? Int }, [4])
        XCTAssertTrue((skipped.first?["reason"] as? String ?? "").contains("outside the session folder"), r.stdout)

        let top = try CLI.run(["search", session.appendingPathComponent("session.json").path, "a bell", "--top", "1"])
        XCTAssertEqual(top.status, 0, top.stderr)
        XCTAssertTrue(top.stdout.contains("  1. "), top.stdout)
        XCTAssertFalse(top.stdout.contains("  2. "), top.stdout)
        XCTAssertTrue(top.stdout.contains("skipped take 4:"), top.stdout)

        let noEncoder = try CLI.run(["search", session.path, "a bell", "--bundle", try plain()])
        XCTAssertEqual(noEncoder.status, 1)
        XCTAssertTrue(noEncoder.stderr.contains("has none; pass --bundle DIR"), noEncoder.stderr)
    }
}
