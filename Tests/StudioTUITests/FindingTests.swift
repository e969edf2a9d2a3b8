import Engine
import Foundation
import Session
import XCTest
@testable import StudioTUI

final class TakeFilterTests: XCTestCase {
    private func take(_ prompt: String, mode: ConditioningMode = .prior, star: Bool = false, rating: Int = 0) -> Take {
        Take(request: GenerationRequest(prompt: prompt, mode: mode), audioPath: "takes/x.wav", isFavourite: star, rating: rating)
    }

    func testWordsModesStarsAndRatings() throws {
        let dogs = take("Three dogs barking", star: true, rating: 4)
        let violin = take("a large violin", mode: .zeroShot, rating: 2)
        let rain = take("rain on a tin roof", mode: .image)
        func matching(_ query: String) throws -> [String] {
            let filter = try TakeFilter(query: query)
            return [dogs, violin, rain].filter(filter.matches).map(\.request.prompt)
        }
        XCTAssertEqual(try matching("dogs"), ["Three dogs barking"])
        XCTAssertEqual(try matching("DOGS bark"), ["Three dogs barking"], "any case, every word")
        XCTAssertEqual(try matching("dogs violin"), [])
        XCTAssertEqual(try matching("a"), ["Three dogs barking", "a large violin", "rain on a tin roof"])
        XCTAssertEqual(try matching("mode:z"), ["a large violin"])
        XCTAssertEqual(try matching("mode:image"), ["rain on a tin roof"])
        XCTAssertEqual(try matching("*"), ["Three dogs barking"])
        XCTAssertEqual(try matching("star"), ["Three dogs barking"])
        XCTAssertEqual(try matching("r"), ["Three dogs barking", "a large violin"])
        XCTAssertEqual(try matching("r>=3"), ["Three dogs barking"])
        XCTAssertEqual(try matching("r<3"), ["a large violin", "rain on a tin roof"])
        XCTAssertEqual(try matching("r=2 a"), ["a large violin"])
        XCTAssertEqual(try TakeFilter(query: "  ").terms, [])
        XCTAssertThrowsError(try TakeFilter(query: "mode:x")) { XCTAssertTrue("\($0)".contains("modes are"), "\($0)") }
        XCTAssertThrowsError(try TakeFilter(query: "mode:")) 
        XCTAssertThrowsError(try TakeFilter(query: "r>=9")) { XCTAssertTrue("\($0)".contains("0 to 5"), "\($0)") }
        // "rain" and "roof" start with r but are words, not ratings.
        XCTAssertEqual(try matching("roof"), ["rain on a tin roof"])
    }

    func testATildeHandsTheRestOfTheLineToTheSearchBySound() throws {
        let both = try TakeFilter(query: " mode:prior *  ~ rain on a tin roof ")
        XCTAssertEqual(both.query, "mode:prior *")
        XCTAssertEqual(both.terms, [.mode(.prior), .favourite])
        XCTAssertEqual(both.soundQuery, "rain on a tin roof", "the rest of the line, spaces and r-words kept")
        let soundOnly = try TakeFilter(query: "~a bell ~ twice")
        XCTAssertEqual(soundOnly.terms, [])
        XCTAssertEqual(soundOnly.soundQuery, "a bell ~ twice", "only the first ~ splits")
        XCTAssertEqual(try TakeFilter(query: "dogs ~").soundQuery, "", "~ alone ends a ranking")
        XCTAssertNil(try TakeFilter(query: "dogs").soundQuery)
        XCTAssertThrowsError(try TakeFilter(query: "mode:x ~a bell"), "the words are still checked")
    }
}

final class PromptHistoryTests: XCTestCase {
    func testRecordingKeepsEachPromptOnceNewestLastAndBounded() {
        var history = PromptHistory()
        for prompt in ["rain", "dogs", "  rain ", "", "   ", "two\nlines"] { history.record(prompt) }
        XCTAssertEqual(history.prompts, ["dogs", "rain"])
        for n in 0..<(PromptHistory.limit + 10) { history.record("prompt \(n)") }
        XCTAssertEqual(history.prompts.count, PromptHistory.limit)
        XCTAssertEqual(history.prompts.last, "prompt \(PromptHistory.limit + 9)")
        XCTAssertEqual(history.prompts.first, "prompt 10")
    }

    func testAListKeepsWhatRecordingItInTurnKeeps() {
        // Duplicates, blanks, multi-line and over-long prompts, and more than the limit: the
        // one-pass reading of a file must agree with recording each prompt in turn.
        var generator = SystemRandomNumberGenerator()
        let pool = ["rain", " rain", "dogs", "", "a\nb", String(repeating: "x", count: PromptHistory.maximumPromptLength + 1)]
            + (0..<700).map { "p\($0)" }
        for count in [0, 3, 499, 500, 501, 2000] {
            let prompts = (0..<count).map { _ in pool.randomElement(using: &generator) ?? "" }
            var recorded = PromptHistory()
            for prompt in prompts { recorded.record(prompt) }
            XCTAssertEqual(PromptHistory(prompts: prompts).prompts, recorded.prompts, "\(count) prompts")
        }
    }

    func testParseRoundTripsAndRefusesOtherFiles() throws {
        let history = PromptHistory(prompts: ["a \"quoted\" ☔ prompt", "dogs"])
        XCTAssertEqual(try PromptHistory.parse(data: history.encoded(), source: "h.json"), history)
        for (text, expected) in [("[]", "not a prompt history"), ("{\"format\": \"clipsonic-prompt-history\"}", "version"),
                                 ("{\"format\": \"clipsonic-prompt-history\", \"version\": 9, \"prompts\": []}", "newer"),
                                 ("{\"format\": \"clipsonic-prompt-history\", \"version\": 1, \"prompts\": [1]}", "prompts[0]"),
                                 ("{", "line 1")] {
            XCTAssertThrowsError(try PromptHistory.parse(data: Data(text.utf8), source: "h.json")) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
                XCTAssertTrue("\(error)".contains("h.json"), "\(error)")
            }
        }
    }

    func testCursorWalksOlderAndNewerAndKeepsTheDraft() {
        var cursor = HistoryCursor(entries: ["old", "newer"], draft: "")
        XCTAssertEqual(cursor.older(current: "typing"), "newer")
        XCTAssertEqual(cursor.older(current: "newer"), "old")
        XCTAssertNil(cursor.older(current: "old"))
        XCTAssertEqual(cursor.newer(), "newer")
        XCTAssertEqual(cursor.newer(), "typing", "past the newest the draft comes back")
        XCTAssertNil(cursor.newer())
        var empty = HistoryCursor(entries: [], draft: "x")
        XCTAssertNil(empty.older(current: "x"))
    }

    func testTheFileIsWrittenWholeAndABrokenOneIsLeftAlone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-history-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        XCTAssertEqual(PromptHistoryFile.standardURL(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"])?.path,
                       "/d/clipsonic/prompt-history.json")
        XCTAssertEqual(PromptHistoryFile.standardURL(environment: ["XDG_DATA_HOME": "rel", "HOME": "/h"])?.path,
                       "/h/.local/share/clipsonic/prompt-history.json")
        XCTAssertNil(PromptHistoryFile.standardURL(environment: [:]))
        let url = folder.appendingPathComponent("clipsonic/prompt-history.json")
        let file = PromptHistoryFile(url: url)
        XCTAssertNil(file.loadProblem)
        XCTAssertNil(file.record("three dogs barking"))
        XCTAssertEqual(PromptHistoryFile(url: url).history.prompts, ["three dogs barking"])
        try Data("not json".utf8).write(to: url)
        let broken = PromptHistoryFile(url: url)
        XCTAssertTrue(broken.loadProblem?.contains(url.path) ?? false, broken.loadProblem ?? "")
        broken.record("a violin")
        XCTAssertEqual(try Data(contentsOf: url), Data("not json".utf8), "a file that did not read is not replaced")
        let names = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        XCTAssertEqual(names, ["prompt-history.json"])
    }
}

final class StudioFindingTests: XCTestCase {
    func testPromptHistoryAcrossSessionsWithUpAndDown() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-history-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("prompt-history.json")
        do {
            let h = try StudioHarness(promptHistory: PromptHistoryFile(url: url))
            for prompt in ["three dogs barking", "a large violin"] {
                h.press("e", "^U")
                h.type(prompt)
                h.press("enter")
            }
        }
        // Another session, the same user: Up brings back the last prompts, Down returns to the draft.
        let h = try StudioHarness(promptHistory: PromptHistoryFile(url: url))
        h.press("e")
        h.type("half")
        h.press("up")
        XCTAssertEqual(h.studio.input?.editor.text, "a large violin")
        h.press("up")
        XCTAssertEqual(h.studio.input?.editor.text, "three dogs barking")
        h.press("down", "down")
        XCTAssertEqual(h.studio.input?.editor.text, "half")
        h.press("up", "up", "enter")
        XCTAssertEqual(h.store.session.settings.request.prompt, "three dogs barking")
        XCTAssertEqual(PromptHistoryFile(url: url).history.prompts, ["a large violin", "three dogs barking"])
    }

    func testSlashFiltersTheListAndNAndShiftNJump() throws {
        let h = try StudioHarness()
        h.studio.execute("set steps=1")
        h.studio.execute("set autoplay=off")
        for (count, prompt) in ["dogs barking", "a violin", "two dogs", "rain"].enumerated() {
            h.studio.execute("set prompt=\(prompt)")
            h.press("g")
            XCTAssertTrue(h.waitFor { h.store.session.takes.count == count + 1 })
        }
        h.press("/")
        h.type("dogs")
        h.press("enter")
        XCTAssertTrue(h.status.contains("2 of 4 takes match \"dogs\""), h.status)
        let model = h.studio.viewModel(rows: 30, cols: 120)
        XCTAssertEqual(model.takes.map(\.number), [1, 3])
        XCTAssertEqual(model.filterSummary, "/dogs: 2 of 4")
        XCTAssertTrue(h.screen().contains("/dogs: 2 of 4"))
        XCTAssertEqual(h.studio.selectedIndex, 0)
        h.press("n")
        XCTAssertEqual(h.studio.selectedIndex, 2)
        h.press("n")
        XCTAssertEqual(h.studio.selectedIndex, 0)
        XCTAssertTrue(h.status.contains("wrapped around"), h.status)
        h.press("N")
        XCTAssertEqual(h.studio.selectedIndex, 2)
        h.press("j")
        XCTAssertEqual(h.studio.selectedIndex, 2, "moving stays among the matches")
        h.press("/")
        h.type(" r>=9")
        h.press("enter")
        XCTAssertEqual(h.studio.status?.severity, .error)
        h.press("/", "^U", "enter")
        XCTAssertEqual(h.studio.viewModel(rows: 30, cols: 120).takes.count, 4)
        XCTAssertTrue(h.status.contains("filter cleared"), h.status)
        h.press("n")
        XCTAssertTrue(h.status.contains("no filter"), h.status)
        h.press("#")
        XCTAssertTrue(h.status.contains("new seed"), h.status)
    }
}
