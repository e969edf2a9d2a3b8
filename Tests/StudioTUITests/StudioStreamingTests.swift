import Engine
import Foundation
import Playback
import Session
import XCTest
@testable import StudioTUI

/// A long take plays from its first window while the rest is made, and the saved take takes
/// over where the listener is (issue 18).
final class StudioStreamingTests: XCTestCase {
    func testALongTakePlaysWhileItIsMadeAndTheSavedTakeTakesOverWithoutRestarting() throws {
        // 2 s of sound in 4 parts over 20 steps of 40 ms: the first part comes at 0.2 s, the take at 0.8 s.
        let generator = FakeGenerator(seconds: 2, stepDelay: 0.04, streamedParts: 4)
        let h = try StudioHarness(generator: generator)
        h.studio.execute("set prompt=rain")
        h.studio.execute("set steps=20")
        h.press("g")
        XCTAssertTrue(h.waitFor { h.studio.streaming != nil }, "the first part did not start playing")
        let player = try XCTUnwrap(h.studio.player)
        XCTAssertEqual(player.state, .playing)
        XCTAssertTrue(h.store.session.takes.isEmpty, "playing before the take exists")
        XCTAssertTrue(h.status.contains("while the rest is made"), h.status)
        XCTAssertTrue(h.waitFor { h.studio.playingTakeID != nil })
        let take = try XCTUnwrap(h.store.session.takes.first)
        XCTAssertEqual(h.studio.playingTakeID, take.id)
        XCTAssertNil(h.studio.streaming)
        XCTAssertEqual(player.state, .playing)
        // About 0.6 s had been heard: the saved take went on from there instead of starting again.
        XCTAssertGreaterThan(player.position, 0.3, "the saved take restarted")
        XCTAssertEqual(player.status.duration, 2, accuracy: 1e-3)
    }

    func testAStoppedLongTakePlaysWhatWasMadeAndStops() throws {
        let generator = FakeGenerator(seconds: 2, stepDelay: 0.05, streamedParts: 4)
        let h = try StudioHarness(generator: generator)
        h.studio.execute("set prompt=rain")
        h.studio.execute("set steps=40")
        h.press("g")
        XCTAssertTrue(h.waitFor { h.studio.streaming != nil })
        h.studio.execute("cancel")
        XCTAssertTrue(h.waitFor { h.studio.progress?.isRunning != true && h.studio.jobs.isEmpty })
        XCTAssertNil(h.studio.streaming)
        let player = try XCTUnwrap(h.studio.player)
        // The first part (0.5 s) plays out, and the player does not wait for parts that will not come.
        XCTAssertTrue(player.waitUntilDone(timeout: 2), "the player waits for parts of a stopped take")
        XCTAssertTrue(h.store.session.takes.isEmpty)
    }

    func testWithoutAutoplayNothingPlaysEarly() throws {
        let generator = FakeGenerator(seconds: 1, stepDelay: 0.01, streamedParts: 4)
        let h = try StudioHarness(generator: generator)
        h.studio.execute("set prompt=rain")
        h.studio.execute("set steps=8")
        h.studio.execute("set autoplay=off")
        h.press("g")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 1 })
        XCTAssertNil(h.studio.streaming)
        XCTAssertNil(h.studio.playingTakeID)
        XCTAssertNotEqual(h.studio.player?.state, .playing)
    }

    func testAnABPairStreamsOnlyItsFirstMode() throws {
        let generator = FakeGenerator(seconds: 1, stepDelay: 0.01, streamedParts: 2)
        let h = try StudioHarness(generator: generator)
        h.studio.execute("set prompt=thunder")
        h.studio.execute("set steps=8")
        var streamedModes: Set<ConditioningMode> = []
        h.press("a")
        XCTAssertTrue(h.waitFor {
            if let s = h.studio.streaming { streamedModes.insert(s.mode) }
            return h.store.session.abPairs.count == 1
        })
        XCTAssertEqual(streamedModes, [.prior])
        let pair = h.store.session.abPairs[0]
        XCTAssertEqual(h.studio.playingTakeID, pair.takeA)
    }
}
