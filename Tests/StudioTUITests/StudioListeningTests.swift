import Engine
import Foundation
import Playback
import Session
import XCTest
@testable import StudioTUI

/// The audio encoder's uses in the studio (issue #19), on the real engine with the tiny random
/// bundle and a random encoder: the score column, variations ranked best first, search by sound,
/// and a sound as the query of audio mode.
final class StudioListeningTests: XCTestCase {
    static let repositoryRoot = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let bundle: Result<URL, Error> = Result {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("clipsonic-studio-listening-\(ProcessInfo.processInfo.processIdentifier)")
        try RandomBundle.write(.tiny, to: folder,
                               tokenizer: repositoryRoot.appendingPathComponent("models/vocab/bpe_simple_vocab_16e6.txt"),
                               audioEncoder: true)
        return folder
    }

    /// An engine of its own for each harness, as the studio has one per worker thread: one engine
    /// shared by two harnesses crashed in a oneDNN kernel once the first harness's worker thread
    /// had ended (2026-12-06; see the report of issue #19's uses).
    static func engine() throws -> GenerationEngine {
        let engine = try GenerationEngine(bundleAt: try bundle.get())
        engine.audioReader = AudioFile.engineReader
        return engine
    }

    private func harness() throws -> StudioHarness {
        let h = try StudioHarness(generator: try Self.engine())
        addTeardownBlock { try? FileManager.default.removeItem(at: h.folder) }
        XCTAssertTrue(h.waitFor { h.studio.engineState == .ready })
        h.studio.execute("set steps=2")
        return h
    }

    func testVariationsAreRankedBestFirstAndSearchRanksTheTakesBySound() throws {
        let h = try harness()
        h.studio.execute("set prompt=a bell")
        h.studio.execute("set seed=30")
        h.studio.execute("set variations=3")
        h.press("x")
        XCTAssertTrue(h.waitFor(60) { h.studio.status?.text.contains("variations 1 ready") ?? false }, h.status)
        let session = h.store.session
        let scores = session.takes.map(\.score)
        XCTAssertEqual(scores.compactMap { $0 }.count, 3, "every take scored: \(scores)")
        for score in scores.compactMap({ $0 }) { XCTAssertTrue((-1...1).contains(score)) }
        let group = try XCTUnwrap(session.variationGroups.first).takes
        let best = session.takes.sorted { ($0.score ?? 0) > ($1.score ?? 0) }
        XCTAssertEqual(group, best.map(\.id), "the group is ordered best first")
        XCTAssertEqual(h.studio.selectedTakeID, best[0].id, "the best is selected")
        XCTAssertTrue(h.status.contains("best first"), h.status)
        let screen = h.screen()
        XCTAssertTrue(screen.contains(" score"), screen.text)
        for take in session.takes {
            XCTAssertTrue(screen.contains(String(format: "%.3f", try XCTUnwrap(take.score))), screen.text)
        }
        // The file keeps the scores.
        XCTAssertEqual(try SessionStore.load(at: h.store.fileURL).takes.map(\.score), scores)

        // A take whose path leads out of the session folder is skipped, never read.
        h.studio.updateSession { $0.addTake(Take(request: GenerationRequest(prompt: "elsewhere"), audioPath: "../outside.wav")) }
        h.studio.execute("search rain on a roof")
        XCTAssertTrue(h.waitFor(30) { h.studio.search != nil }, h.status)
        let engine = try Self.engine()
        let query = try engine.searchEmbedding(text: "rain on a roof")
        let made = Array(h.store.session.takes.prefix(3))
        let cosines = try made.map { take in
            GenerationEngine.similarity(try engine.soundEmbedding(path: try h.store.audioURL(of: take).path), query)
        }
        let expected = made.indices.sorted { cosines[$0] > cosines[$1] }.map { made[$0].id }
        XCTAssertEqual(h.studio.search?.ranked, expected)
        XCTAssertEqual(Array(h.studio.visibleTakes.map(\.id).prefix(3)), expected, "the list shows them ranked")
        XCTAssertEqual(h.studio.selectedTakeID, expected[0], "the best match is selected")
        XCTAssertEqual(h.studio.search?.skipped.count, 1)
        XCTAssertTrue(h.studio.search?.skipped.first?.reason.contains("outside the session folder") ?? false)
        let searched = h.screen()
        XCTAssertTrue(searched.contains("match"), searched.text)
        XCTAssertTrue(searched.contains("search \"rain on a roof\": 3 ranked, 1 skipped"), searched.text)
        h.studio.execute("search")
        XCTAssertNil(h.studio.search)
        XCTAssertEqual(h.studio.visibleTakes.map(\.id), h.store.session.takes.map(\.id))

        // `/` searches too: the words before `~` filter, the rest of the line is heard.
        h.press("/")
        h.type("bell ~rain on a roof")
        h.press("enter")
        XCTAssertTrue(h.waitFor(30) { h.studio.search != nil }, h.status)
        XCTAssertEqual(h.studio.search?.ranked, expected, "the same ranking as search")
        XCTAssertEqual(h.studio.filter?.query, "bell")
        XCTAssertEqual(h.studio.visibleTakes.map(\.id), expected, "ranked, and the take outside is filtered out")
        h.press("/")
        XCTAssertEqual(h.studio.input?.editor.text, "bell ~rain on a roof", "the line comes back to edit")
        h.press("^U")
        h.type("~")
        h.press("enter")
        XCTAssertNil(h.studio.search, "~ alone ends the ranking")
        XCTAssertNil(h.studio.filter)
        XCTAssertEqual(h.studio.visibleTakes.map(\.id), h.store.session.takes.map(\.id))
    }

    func testASoundIsTheQueryOfAudioMode() throws {
        let h = try harness()
        let tone = h.folder.appendingPathComponent("tone.wav")
        try FileManager.default.createDirectory(at: h.folder, withIntermediateDirectories: true)
        let samples = (0..<16_000).map { Float(0.4 * sin(2 * Double.pi * 440 * Double($0) / 16_000)) }
        try AudioFile.write(AudioBuffer(samples: samples, sampleRate: 16_000), to: tone)
        h.studio.execute("set mode=audio")
        h.press("g")
        XCTAssertTrue(h.status.contains("audio mode needs a sound"), h.status)
        h.studio.execute("set mode=prior")
        h.studio.execute("set audio=\(tone.path)")
        XCTAssertEqual(h.store.session.settings.request.mode, .audio, "giving a sound switches to audio mode")
        XCTAssertTrue(h.status.contains("mode audio"), h.status)
        XCTAssertTrue(h.screen().contains("[audio]   Sound \(h.folder.path.prefix(20))"), h.screen().text)
        h.press("g")
        XCTAssertTrue(h.waitFor(30) { h.store.session.takes.count == 1 }, h.status)
        let take = try XCTUnwrap(h.store.session.takes.first)
        XCTAssertEqual(take.request.mode, .audio)
        XCTAssertEqual(take.request.audioPath, tone.path)
        XCTAssertNotNil(take.score)
        XCTAssertTrue(h.screen().contains("tone.wav"), h.screen().text)
    }

    func testWithoutAnEncoderThereIsNoScoreColumnAndSearchSaysWhy() throws {
        let h = try StudioHarness()
        addTeardownBlock { try? FileManager.default.removeItem(at: h.folder) }
        XCTAssertTrue(h.waitFor { h.studio.engineState == .ready })
        h.studio.execute("set prompt=rain")
        h.studio.execute("set steps=2")
        h.press("g")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 1 })
        XCTAssertNil(h.store.session.takes[0].score)
        XCTAssertFalse(h.screen().contains(" score"), h.screen().text)
        h.press("F")
        h.type("rain")
        h.press("enter")
        XCTAssertTrue(h.status.contains("has no audio encoder"), h.status)
        XCTAssertNil(h.studio.search)
        h.studio.execute("set audio=/nowhere/door.wav")
        XCTAssertTrue(h.status.contains("not found") && h.status.contains("no audio encoder"), h.status)
    }
}
