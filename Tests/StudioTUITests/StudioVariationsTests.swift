import Engine
import Foundation
import Session
import XCTest
@testable import StudioTUI

final class StudioVariationsTests: XCTestCase {
    func testSeedsFollowOnAndWrapWithinTheRange() {
        XCTAssertEqual(VariationSeeds.seeds(from: 7, count: 3), [7, 8, 9])
        XCTAssertEqual(VariationSeeds.seeds(from: 4_294_967_294, count: 3), [4_294_967_294, 4_294_967_295, 0])
        XCTAssertEqual(VariationSeeds.seeds(from: 5, count: 0), [5])
    }

    func testXMakesKTakesWithKSeedsInOneGroupAuditionedWithOneKeyEach() throws {
        let generator = FakeGenerator(seconds: 2)
        let h = try StudioHarness(generator: generator)
        h.studio.execute("set prompt=three dogs barking")
        h.studio.execute("set steps=2")
        h.studio.execute("set seed=40")
        h.studio.execute("set variations=3")
        h.studio.execute("set variations=9")
        XCTAssertTrue(h.status.contains("from 1 to 8"), h.status)
        h.press("x")
        XCTAssertTrue(h.status.contains("3 variations (prior), seeds 40, 41, 42"), h.status)
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 3 && h.store.session.variationGroups.first?.takes.count == 3 })
        let session = try SessionStore.open(at: h.store.fileURL).session
        XCTAssertEqual(session.takes.map(\.request.seed), [40, 41, 42])
        XCTAssertEqual(session.variationGroups.count, 1)
        XCTAssertEqual(session.variationGroups[0].takes, session.takes.map(\.id))
        XCTAssertEqual(session.settings.variations, 3)
        XCTAssertTrue(h.waitFor { h.studio.status?.text.contains("variations 1 ready") ?? false }, h.status)
        XCTAssertEqual(h.studio.selectedTakeID, session.takes[0].id)
        let screen = h.screen()
        XCTAssertTrue(screen.contains("Variations 1"), screen.text)
        XCTAssertTrue(screen.contains("V1·3"), screen.text)

        // 3 hears the third from where the first was; t goes on to the next, wrapping.
        Thread.sleep(forTimeInterval: 0.4)
        let player = try XCTUnwrap(h.studio.player)
        XCTAssertEqual(player.state, .playing, "the first variation autoplays")
        h.press("3")
        XCTAssertEqual(h.studio.selectedTakeID, session.takes[2].id)
        XCTAssertGreaterThan(player.position, 0.25, "the position was kept")
        XCTAssertTrue(h.status.contains("3 of 3, seed 42"), h.status)
        h.press("t")
        XCTAssertEqual(h.studio.selectedTakeID, session.takes[0].id)
        h.press("4")
        XCTAssertTrue(h.status.contains("pick 1 to 3"), h.status)
        h.press("v")

        // Deleting a variation takes it out of the group; undo puts it back in its place.
        h.press("2")
        h.press("d")
        XCTAssertEqual(h.store.session.variationGroups[0].takes, [session.takes[0].id, session.takes[2].id])
        h.press("u")
        XCTAssertEqual(h.store.session.variationGroups[0].takes, session.takes.map(\.id))
    }
}
