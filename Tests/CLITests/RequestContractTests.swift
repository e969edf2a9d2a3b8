import Engine
import Foundation
import Models
import Playback
import XCTest

/// The generation request as one contract (issue 16): every parameter's limit is enforced
/// identically by `generate` and `batch` (the studio's `set` is checked in StudioTUITests against
/// the same table), takes carry their recipe and can be remade from it.
final class RequestContractTests: XCTestCase {
    func bundle() throws -> String { try CLI.tinyBundle.get().path }

    /// A value each parameter must refuse, found from its kind in the table, as typed and as JSON.
    static func refused(_ parameter: RequestParameter) -> (text: String, json: String)? {
        switch parameter.kind {
        case .decimal(let range, _): return ("\(range.upperBound + 1)", "\(range.upperBound + 1)")
        case .integer(let range, _): return ("\(range.upperBound + 1)", "\(range.upperBound + 1)")
        case .seed(let range): return ("\(range.upperBound + 1)", "\(range.upperBound + 1)")
        case .choice: return ("nonsense", "\"nonsense\"")
        case .flag, .text, .path: return nil  // --loop is a flag the parser itself checks
        }
    }

    func testEveryLimitIsEnforcedIdenticallyByGenerateAndBatch() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var checked = 0
        for parameter in RequestParameters.all {
            guard let bad = Self.refused(parameter) else { continue }
            let expected: String
            do { _ = try parameter.parse(bad.text); XCTFail("\(parameter.name) accepted \(bad.text)"); continue } catch {
                expected = error.description
            }
            let cli = try CLI.run(["generate", "rain", "--\(parameter.name)", bad.text, "--bundle", try bundle(),
                                   "--out", dir.appendingPathComponent("x.wav").path])
            XCTAssertEqual(cli.status, 64, parameter.name)
            XCTAssertTrue(cli.stderr.contains("Error: \(expected)"), "\(parameter.name): \(cli.stderr)")
            let jobs = dir.appendingPathComponent("\(parameter.name).jsonl")
            try Data("{\"prompt\": \"rain\"}\n{\"prompt\": \"rain\", \"\(parameter.name)\": \(bad.json)}\n".utf8).write(to: jobs)
            let batch = try CLI.run(["batch", jobs.path, "--out-dir", dir.appendingPathComponent("b").path, "--bundle", try bundle()])
            XCTAssertEqual(batch.status, 65, parameter.name)
            XCTAssertTrue(batch.stderr.contains("\(parameter.name).jsonl:2: \(expected)"), "\(parameter.name): \(batch.stderr)")
            checked += 1
        }
        XCTAssertEqual(checked, 13, "every numeric and choice parameter of the table")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("b/0000-prior.wav").path),
                       "a bad line stops the batch before anything runs")
    }

    /// Negative numbers reach the range check instead of being taken for flags.
    func testNegativeNumbersGetTheRangeError() throws {
        let r = try CLI.run(["generate", "rain", "--guidance", "-1", "--bundle", try bundle()])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("guidance must be a number from 0 to 50, found -1"), r.stderr)
    }

    func testEveryParameterHasItsFlagAndHelpShowsTheTablesLimits() throws {
        let help = try CLI.run(["generate", "--help"]).stdout
        for parameter in RequestParameters.all where parameter.name != "prompt" {
            XCTAssertTrue(help.contains("--\(parameter.name) ") || help.contains("--\(parameter.name)/"),
                          "no --\(parameter.name) in generate --help")
        }
        XCTAssertTrue(help.contains("a number from 0 to 50; default 3"), help)
    }

    func testBatchRefusesUnknownKeysNamingTheNearest() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let jobs = dir.appendingPathComponent("jobs.jsonl")
        try Data("# two jobs\n{\"prompt\": \"a bell\"}\n{\"prompt\": \"rain\", \"stepz\": 5}\n".utf8).write(to: jobs)
        let r = try CLI.run(["batch", jobs.path, "--out-dir", dir.appendingPathComponent("t").path, "--bundle", try bundle()])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("jobs.jsonl:3: unknown parameter \"stepz\"; did you mean \"steps\"?"), r.stderr)
        try Data("{\"prompt\": \"rain\", \"guidanceScale\": 5}\n".utf8).write(to: jobs)
        let old = try CLI.run(["batch", jobs.path, "--out-dir", dir.appendingPathComponent("t").path, "--bundle", try bundle()])
        XCTAssertTrue(old.stderr.contains("did you mean \"guidance\"?"), old.stderr)
    }

    func testSeedsAbove32BitsAreRefusedEverywhere() throws {
        let r = try CLI.run(["generate", "rain", "--seed", "4294967296", "--bundle", try bundle()])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("seed must be a whole number from 0 to 4294967295, found 4294967296"), r.stderr)
        XCTAssertThrowsError(try GenerationRequest(json: .object(["seed": .number("15604817256933531642")])))
        for _ in 0..<1000 { XCTAssertLessThanOrEqual(GenerationRequest.drawSeed(), 4_294_967_295) }
    }

    func testInfoPrintsATakesRecipeAndRemakeGivesIdenticalSamples() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let take = dir.appendingPathComponent("take.flac")
        let made = try CLI.run(["generate", "rain on a tin roof", "--mode", "zero-shot", "--steps", "3", "--guidance", "3.1",
                                "--negative", "hiss", "--bundle", try bundle(), "--out", take.path])
        XCTAssertEqual(made.status, 0, made.stderr)
        let info = try CLI.run(["info", take.path])
        XCTAssertEqual(info.status, 0, info.stderr)
        func row(_ name: String, _ value: String) -> String { name.padding(toLength: 18, withPad: " ", startingAt: 0) + value }
        for needle in [row("prompt", "rain on a tin roof"), row("mode", "zero-shot"), row("guidance", "3.1"),
                       row("negative", "hiss"), row("bundle", "random-tiny"), "bundle-hash", "engine-version",
                       "generate --from"] {
            XCTAssertTrue(info.stdout.contains(needle), "missing \(needle) in:\n\(info.stdout)")
        }
        let json = try CLI.run(["info", take.path, "--json"])
        let recipe = try TakeRecipe(json: try JSONParser.parse(Array(json.stdout.utf8)).removing(["file", "seconds", "sample-rate"]))
        XCTAssertEqual(recipe.request.guidanceScale, 3.1, "the Float reads back bit-equal")
        XCTAssertEqual(recipe.request.negativePrompt, "hiss")
        XCTAssertEqual(recipe.bundleHash?.count, 64)

        // The remake, on the same bundle, with nothing but the take: identical samples.
        let remake = dir.appendingPathComponent("remake.flac")
        let r = try CLI.run(["generate", "--from", take.path, "--bundle", try bundle(), "--out", remake.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stderr.contains("warning"), r.stderr)
        XCTAssertTrue(try AudioFile.read(remake).samples == AudioFile.read(take).samples, "the remake's samples differ")
        XCTAssertEqual(try AudioFile.readMetadata(remake).tags.recipe, recipe)
        // Any option overrides the recipe.
        let other = dir.appendingPathComponent("other.flac")
        let o = try CLI.run(["generate", "--from", take.path, "--seed", "9", "--bundle", try bundle(), "--out", other.path])
        XCTAssertEqual(o.status, 0, o.stderr)
        let otherRecipe = try XCTUnwrap(try AudioFile.readMetadata(other).tags.recipe)
        XCTAssertEqual(otherRecipe.request.seed, 9)
        XCTAssertEqual(otherRecipe.request.prompt, "rain on a tin roof")
        XCTAssertFalse(try AudioFile.read(other).samples == AudioFile.read(take).samples, "another seed, the same sound")
    }

    func testInfoOnAFileWithoutARecipeSaysSo() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("plain.wav")
        try AudioFile.write(AudioBuffer(samples: [0, 0.1, 0], sampleRate: 8000), to: plain)
        let r = try CLI.run(["info", plain.path])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("holds no CLIPSonic recipe"), r.stderr)
    }

    func testExistingOutIsRefusedUnlessOverwrite() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("x.wav")
        try Data("keep me".utf8).write(to: out)
        let r = try CLI.run(["generate", "rain", "--steps", "2", "--bundle", try bundle(), "--out", out.path])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("exists; pass --overwrite"), r.stderr)
        XCTAssertEqual(try Data(contentsOf: out), Data("keep me".utf8))
        let o = try CLI.run(["generate", "rain", "--steps", "2", "--bundle", try bundle(), "--out", out.path, "--overwrite"])
        XCTAssertEqual(o.status, 0, o.stderr)
        XCTAssertNotNil(try AudioFile.readMetadata(out).tags.recipe)
        // An unwritable folder is found before any model is loaded.
        let missing = try CLI.run(["generate", "rain", "--bundle", "/nonexistent", "--out", "/nonexistent/dir/x.wav"])
        XCTAssertTrue(missing.stderr.contains("no such folder"), missing.stderr)
    }

    func testPriorGuidanceIsRefusedOnAPriorWithoutANullCondition() throws {
        let r = try CLI.run(["generate", "rain", "--prior-guidance", "2", "--steps", "2", "--bundle", try bundle()])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("prior-guidance must be 1 with bundle random-tiny"), r.stderr)
        // Zero-shot never runs the prior, so the scale is not in the way there.
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let z = try CLI.run(["generate", "rain", "--mode", "zero-shot", "--prior-guidance", "2", "--steps", "2",
                             "--bundle", try bundle(), "--out", dir.appendingPathComponent("z.wav").path])
        XCTAssertEqual(z.status, 0, z.stderr)
    }

    func testABTakesAnyTwoModesAndRefusesWhatItCannotHonour() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let picture = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/images/rgba_25x25.png").path
        let out = dir.appendingPathComponent("pair.wav")
        let r = try CLI.run(["generate", "a bell", "--ab", "zero-shot,image", "--image", picture, "--steps", "2",
                             "--seed", "3", "--bundle", try bundle(), "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try AudioFile.readMetadata(dir.appendingPathComponent("pair-image.wav")).tags.recipe?.request.mode, .image)
        XCTAssertEqual(try AudioFile.readMetadata(dir.appendingPathComponent("pair-zero-shot.wav")).tags.recipe?.request.seed, 3)
        let same = try CLI.run(["generate", "a bell", "--ab", "prior,prior", "--bundle", try bundle()])
        XCTAssertEqual(same.status, 64)
        XCTAssertTrue(same.stderr.contains("two different modes"), same.stderr)
        let noPicture = try CLI.run(["generate", "a bell", "--ab", "prior,image", "--bundle", try bundle()])
        XCTAssertEqual(noPicture.status, 64)
        XCTAssertTrue(noPicture.stderr.contains("image mode needs a picture"), noPicture.stderr)
        let both = try CLI.run(["generate", "a bell", "--ab", "--mode", "image", "--bundle", try bundle()])
        XCTAssertEqual(both.status, 64)
        XCTAssertTrue(both.stderr.contains("--mode and --ab both choose modes"), both.stderr)
    }

    func testImageTakesAreNamedAndTitledAfterThePicture() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let picture = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/images/rgba_25x25.png").path
        for mode in ["image", "mix"] {
            let r = try CLI.run(["generate", "rain on a tin roof", "--mode", mode, "--image", picture, "--steps", "2",
                                 "--seed", "1", "--bundle", try bundle()], in: dir)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("outputs").path).sorted()
        let image = try XCTUnwrap(files.first { $0.contains("-image-") })
        let mix = try XCTUnwrap(files.first { $0.contains("-mix-") })
        XCTAssertTrue(image.contains("rgba-25x25-image-s1"), image)
        XCTAssertFalse(image.contains("rain"), image)
        XCTAssertTrue(mix.contains("rgba-25x25-rain-on-a-tin-roof-mix-s1"), mix)
        let title = try AudioFile.readMetadata(dir.appendingPathComponent("outputs/\(image)")).tags.title
        XCTAssertEqual(title, "rgba_25x25 (image, seed 1, guidance 3)")
    }

    func testAPromptLongerThanTheContextIsWarnedAboutWithWhereItWasCut() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let words = (1...100).map { "word\($0)" }.joined(separator: " ")
        let r = try CLI.run(["generate", words, "--mode", "zero-shot", "--steps", "1", "--bundle", try bundle(),
                             "--out", dir.appendingPathComponent("x.wav").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("warning: the prompt is"), r.stderr)
        XCTAssertTrue(r.stderr.contains("it was cut after"), r.stderr)
        let short = try CLI.run(["generate", "a bell", "--mode", "zero-shot", "--steps", "1", "--bundle", try bundle(),
                                 "--out", dir.appendingPathComponent("y.wav").path])
        XCTAssertFalse(short.stderr.contains("warning"), short.stderr)
    }

    /// Ctrl-C after the first take of an A/B pair: that take is kept, named, and the exit is 130.
    func testInterruptingAnABPairKeepsTheFinishedTake() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("pair.wav")
        let first = dir.appendingPathComponent("pair-prior.wav")
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["generate", "a bell", "--ab", "--steps", "200", "--seed", "2", "--bundle", try bundle(), "--out", out.path]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(300)
        while !FileManager.default.fileExists(atPath: first.path), p.isRunning, Date() < deadline { usleep(20_000) }
        XCTAssertTrue(p.isRunning, "the second take should still be running")
        kill(p.processIdentifier, SIGINT)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 130, stderr)
        XCTAssertTrue(stderr.contains("interrupted: kept \(first.path)"), stderr)
        XCTAssertEqual(try AudioFile.readMetadata(first).tags.recipe?.request.mode, .prior)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("pair-zero-shot.wav").path))
    }
}

private extension JSONValue {
    func removing(_ keys: [String]) -> JSONValue {
        guard case .object(var members) = self else { return self }
        for key in keys { members[key] = nil }
        return .object(members)
    }
}
