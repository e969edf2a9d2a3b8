import Foundation
@testable import Session
@testable import StudioTUI
import XCTest

/// A save that fails is shown as failed, retried with the next change, and not reported as
/// saved on quit (issue 17, finding 3). `fault` makes the writes fail as a full disk does.
final class StudioSaveFailureTests: XCTestCase {
    func testAFailedSaveStaysVisibleAndIsRetriedWithTheNextChange() throws {
        let h = try StudioHarness()
        h.store.fault = .write
        h.studio.execute("set steps=7")
        XCTAssertTrue(h.status.hasPrefix("steps = 7; NOT SAVED: cannot save \(h.store.journalURL.path): No space left on "
                                          + "device"), h.status)
        XCTAssertEqual(h.studio.status?.severity, .error)
        // A later message replaces the error on the status line; the title bar keeps saying it.
        h.studio.execute("new-seed")
        XCTAssertTrue(h.status.hasPrefix("new seed"), h.status)
        XCTAssertTrue(h.screen().text(row: 0).contains("NOT SAVED"), h.screen().text(row: 0))
        XCTAssertNotEqual(try SessionStore.open(at: h.store.fileURL).session.settings.request.steps, 7)

        h.store.fault = nil
        h.studio.execute("set guidance=4")
        XCTAssertFalse(h.store.hasUnsavedChanges)
        XCTAssertFalse(h.screen().text(row: 0).contains("NOT SAVED"), h.screen().text(row: 0))
        let saved = try SessionStore.open(at: h.store.fileURL).session.settings.request
        XCTAssertEqual(saved.steps, 7, "the change whose save failed is saved with the next one")
        XCTAssertEqual(saved.guidanceScale, 4)
    }

    func testQuittingWithUnsavedChangesSaysSoAndExitsNonZero() throws {
        let h = try StudioHarness()
        h.store.fault = .write
        h.studio.execute("set steps=7")
        h.press("q")
        XCTAssertFalse(h.studio.isQuitting, "the first quit stays, so that space can be freed")
        XCTAssertTrue(h.status.contains("press q again to quit without them"), h.status)
        h.press("q")
        XCTAssertTrue(h.studio.isQuitting)
        let failure = h.studio.shutDown()
        XCTAssertNotNil(failure)
        let ending = StudioApp.farewell(store: h.store, saveFailure: failure, exitStatus: 0)
        XCTAssertEqual(ending.status, 1)
        XCTAssertTrue(ending.isFailure)
        XCTAssertTrue(ending.text.hasPrefix("clipsonic studio: the session was NOT saved: cannot save "), ending.text)
        XCTAssertFalse(ending.text.contains("session saved"), ending.text)
        XCTAssertEqual(StudioApp.farewell(store: h.store, saveFailure: failure, exitStatus: 143).status, 143)
    }

    func testQuitSavesWhenTheDiskHasRoomAgain() throws {
        let h = try StudioHarness()
        h.store.fault = .write
        h.studio.execute("set steps=7")
        h.press("q")
        XCTAssertFalse(h.studio.isQuitting)
        h.store.fault = nil
        h.press("q")
        XCTAssertTrue(h.studio.isQuitting)
        XCTAssertFalse(h.store.hasUnsavedChanges)
        XCTAssertNil(h.studio.shutDown())
        XCTAssertEqual(try SessionStore.open(at: h.store.fileURL).session.settings.request.steps, 7)
        let ending = StudioApp.farewell(store: h.store, saveFailure: nil, exitStatus: 0)
        XCTAssertEqual(ending.status, 0)
        XCTAssertTrue(ending.text.hasPrefix("clipsonic studio: session saved in "), ending.text)
    }

    func testASignalQuitsAtOnceEvenWhenTheSaveFails() throws {
        let h = try StudioHarness()
        h.store.fault = .write
        h.studio.execute("set steps=7")
        h.studio.requestQuit(force: true)
        XCTAssertTrue(h.studio.isQuitting)
        XCTAssertNotNil(h.studio.shutDown())
    }
}
