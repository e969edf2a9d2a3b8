import Engine
import Foundation
import Session
import XCTest

/// The studio reopened after it was killed between writing a take's WAV and saving the session
/// (issue #17): the take is back in the list, marked, and the status line says so.
final class StudioRecoveryTests: XCTestCase {
    func testATakeAKilledSaveLeftOutIsBackAndTheStatusLineSaysSo() throws {
        let folder: URL
        let lost: Take
        do {
            let h = try StudioHarness()
            folder = h.folder
            h.studio.execute("set prompt=rain")
            h.studio.execute("set steps=2")
            h.studio.execute("set autoplay=off")
            h.press("g")
            XCTAssertTrue(h.waitFor { h.store.session.takes.count == 1 })
            h.press("g")
            XCTAssertTrue(h.waitFor { h.store.session.takes.count == 2 })
            lost = h.store.session.takes[1]
            // What the kill leaves: the WAV in takes/, the session saved without the take.
            try h.store.update { session throws(SessionError) in try session.removeTake(lost.id) }
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let h = try StudioHarness(folder: folder)
        XCTAssertEqual(h.store.session.takes.count, 2)
        let back = h.store.session.takes[1]
        XCTAssertEqual(back.audioPath, lost.audioPath)
        XCTAssertEqual(back.request, lost.request)
        XCTAssertNotNil(back.recovered)
        XCTAssertTrue(h.status.hasPrefix("recovered 1 take left by an interrupted save: \(lost.audioPath)"), h.status)
        XCTAssertTrue(h.screen().contains("rain  (recovered)"), h.screen().text)
    }
}
