import Engine
import Foundation
@testable import Session
import FileTestSupport
import XCTest

/// A session file that is a symbolic link stays one (issue 17, finding 2), and only regular files
/// are read as sessions, sidecars or audio to copy (finding 4).
final class SessionFileKindTests: XCTestCase {
    func testSavingThroughASymbolicLinkWritesTheTargetAndKeepsTheLink() throws {
        let root = try makeTemporaryFolder(self)
        let synced = root.appendingPathComponent("synced")
        let sessionFolder = root.appendingPathComponent("session")
        try FileManager.default.createDirectory(at: sessionFolder, withIntermediateDirectories: true)
        let target = synced.appendingPathComponent("session.json")
        _ = try SessionStore.create(at: target, session: makeFullSession())
        let link = sessionFolder.appendingPathComponent("session.json")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "../synced/session.json")

        let store = try SessionStore.open(at: link)
        try store.update { $0.settings.deviceName = "through-the-link" }

        let attributes = try FileManager.default.attributesOfItem(atPath: link.path)
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeSymbolicLink, "the link was replaced by a file")
        XCTAssertEqual(try SessionStore.open(at: target).session.settings.deviceName, "through-the-link")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: sessionFolder.path), ["session.json"])
        // The journal lives beside the file the link leads to, so the two travel together.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: synced.path).sorted(),
                       ["session.json", "session.json.journal"])
        try store.compact()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: synced.path), ["session.json"])
        XCTAssertEqual(try StudioSession.parse(data: Data(contentsOf: target), source: "s").settings.deviceName,
                       "through-the-link")
    }

    func testSavingThroughALinkWhoseTargetWentIsRefused() throws {
        let root = try makeTemporaryFolder(self)
        let target = root.appendingPathComponent("elsewhere/session.json")
        _ = try SessionStore.create(at: target, session: makeFullSession())
        let link = root.appendingPathComponent("session.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let store = try SessionStore.open(at: link)
        try FileManager.default.removeItem(at: target)
        XCTAssertThrowsError(try store.update { $0.settings.deviceName = "x" }) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot save \(link.path): No such file or directory (while following "
                                               + "the symbolic link"), "\(error)")
        }
        XCTAssertTrue(store.hasUnsavedChanges)
        let attributes = try FileManager.default.attributesOfItem(atPath: link.path)
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeSymbolicLink)
    }

    func testAFIFOIsRefusedAsASessionAtOnce() throws {
        let fifo = try makeTemporaryFolder(self).appendingPathComponent("session.json")
        XCTAssertTrue(makeFIFO(fifo))
        let message = outcome(releasing: fifo) {
            do { _ = try SessionStore.open(at: fifo); return "opened" } catch { return "\(error)" }
        }
        XCTAssertEqual(message, "cannot read \(fifo.path): it is a named pipe (FIFO), not a regular file; give the "
                       + "path of a file")
    }

    func testAFIFOIsRefusedAsASidecar() throws {
        let fifo = try makeTemporaryFolder(self).appendingPathComponent("rain.json")
        XCTAssertTrue(makeFIFO(fifo))
        let message = outcome(releasing: fifo) {
            do { _ = try FavouriteSidecar.load(from: fifo); return "loaded" } catch { return "\(error)" }
        }
        XCTAssertEqual(message.map { $0.contains("named pipe (FIFO), not a regular file") }, true, message ?? "timed out")
    }

    func testStarringATakeWhoseAudioIsAFIFOIsRefused() throws {
        let folder = try makeTemporaryFolder(self)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("takes"), withIntermediateDirectories: true)
        let fifo = folder.appendingPathComponent("takes/a.wav")
        XCTAssertTrue(makeFIFO(fifo))
        let take = Take(request: GenerationRequest(prompt: "x"), audioPath: "takes/a.wav", created: sampleDate)
        let store = try SessionStore.create(at: folder.appendingPathComponent("session.json"),
                                            session: StudioSession(bundlePath: "b", created: sampleDate, takes: [take]))
        nonisolated(unsafe) let unsafeStore = store
        let message = outcome(releasing: fifo) {
            do { _ = try unsafeStore.star(take.id); return "starred" } catch { return "\(error)" }
        }
        XCTAssertEqual(message, "cannot read \(fifo.path): it is a named pipe (FIFO), not a regular file; give the "
                       + "path of a file")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("favourites/a.wav").path))
    }
}
