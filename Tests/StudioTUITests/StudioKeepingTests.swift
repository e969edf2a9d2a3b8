import Foundation
import Session
import XCTest
@testable import StudioTUI

/// Keeping and discarding by key: d / u, > / <, c and :note, f to unstar.
final class StudioKeepingTests: XCTestCase {
    private func harnessWithTwoTakes() throws -> StudioHarness {
        let h = try StudioHarness()
        h.studio.execute("set prompt=surf")
        h.studio.execute("set steps=2")
        h.studio.execute("set autoplay=off")
        h.press("g")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 1 })
        h.press("g")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 2 })
        return h
    }

    func testDeleteAndUndoByKey() throws {
        let h = try harnessWithTwoTakes()
        let first = h.store.session.takes[0]
        h.press("home", "d")
        XCTAssertEqual(h.store.session.takes.count, 1)
        XCTAssertTrue(h.status.contains("take 1 deleted (audio in trash/"), h.status)
        XCTAssertTrue(h.status.contains("u brings it back"), h.status)
        XCTAssertFalse(FileManager.default.fileExists(atPath: h.folder.appendingPathComponent(first.audioPath).path))
        XCTAssertEqual(try SessionStore.open(at: h.store.fileURL).session.takes.count, 1)
        XCTAssertEqual(h.studio.selectedIndex, 0, "the selection moves to the next take")
        h.press("u")
        XCTAssertEqual(h.store.session.takes.first, first)
        XCTAssertEqual(h.studio.selectedTakeID, first.id)
        XCTAssertTrue(h.status.contains("take 1 is back"), h.status)
        XCTAssertEqual(h.studio.viewModel(rows: 30, cols: 120).spectrogramCaption, "take 1 mel", "its audio reads again")
        h.press("u")
        XCTAssertTrue(h.status.contains("nothing to undo"), h.status)
    }

    func testRatingAndNoteByKeyAndCommand() throws {
        let h = try harnessWithTwoTakes()
        h.press(">", ">", ">")
        XCTAssertEqual(h.store.session.takes[1].rating, 3)
        h.press("<")
        XCTAssertEqual(h.store.session.takes[1].rating, 2)
        h.studio.execute("rate 5")
        h.press(">")
        XCTAssertEqual(h.store.session.takes[1].rating, 5, "5 is the most")
        h.studio.execute("rate 6")
        XCTAssertEqual(h.studio.status?.severity, .error)
        h.studio.execute("note waves, keep for the intro")
        XCTAssertEqual(h.store.session.takes[1].note, "waves, keep for the intro")
        h.press("c")
        h.press("^U")
        h.type("better")
        h.press("enter")
        XCTAssertEqual(h.store.session.takes[1].note, "better")
        let screen = h.screen()
        XCTAssertTrue(screen.contains("— better"), screen.text)
        XCTAssertTrue(screen.contains("★ r"), screen.text)
        let saved = try SessionStore.open(at: h.store.fileURL).session.takes[1]
        XCTAssertEqual(saved.rating, 5)
        XCTAssertEqual(saved.note, "better")
    }

    func testUnstarRemovesTheFavouritesFiles() throws {
        let h = try harnessWithTwoTakes()
        h.press("f")
        let take = h.store.session.takes[1]
        let copy = SessionPath.resolve(try XCTUnwrap(take.favouriteCopyPath), sessionFolder: h.store.folder)
        let sidecar = copy.deletingPathExtension().appendingPathExtension("json")
        h.studio.execute("note the keeper")
        XCTAssertEqual(try FavouriteSidecar.load(from: sidecar).note, "the keeper")
        h.press("f")
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: sidecar.path))
        XCTAssertTrue(h.status.contains("unstarred"), h.status)
        XCTAssertTrue(h.status.contains("removed"), h.status)
    }
}

final class StudioViewRestoreTests: XCTestCase {
    func testSelectionAndScrollComeBackOnReopen() throws {
        let folder: URL
        let selected: UUID
        do {
            let h = try StudioHarness()
            folder = h.folder
            h.studio.execute("set prompt=drops")
            h.studio.execute("set steps=1")
            h.studio.execute("set autoplay=off")
            for count in 1...15 {
                h.press("g")
                XCTAssertTrue(h.waitFor { h.store.session.takes.count == count })
            }
            _ = h.screen(rows: 24, cols: 80)
            for _ in 0..<8 { h.press("k") }
            let model = h.studio.viewModel(rows: 24, cols: 80)
            XCTAssertEqual(model.selected, 6)
            XCTAssertEqual(model.firstVisibleTake, 5)
            selected = h.store.session.takes[6].id
            XCTAssertNil(h.studio.shutDown())
        }
        let h = try StudioHarness(folder: folder)
        XCTAssertEqual(h.studio.selectedTakeID, selected)
        XCTAssertEqual(h.studio.viewModel(rows: 24, cols: 80).firstVisibleTake, 5)
    }
}
