import Engine
import Foundation
@testable import Session
import XCTest

/// A session file can come from anyone; the paths in it must not make the studio read or write
/// outside the session's folder (issue 17, finding 1).
final class SessionConfinementTests: XCTestCase {
    private var folder = URL(fileURLWithPath: "/")
    private var outside = URL(fileURLWithPath: "/")

    /// A session folder with a take's audio in it, and a folder beside it holding a "secret".
    override func setUpWithError() throws {
        let root = try makeTemporaryFolder(self)
        folder = root.appendingPathComponent("session")
        outside = root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("takes"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: outside.appendingPathComponent("secret.wav"))
        try Data("take audio".utf8).write(to: folder.appendingPathComponent("takes/good.wav"))
    }

    /// A session file with one take, written as anyone could write it, then opened.
    private func makeSession(audioPath: String, favouritesFolder: String = "favourites", outputFolder: String = "takes",
                             favouriteCopyPath: String? = nil) throws -> (SessionStore, Take) {
        let take = Take(request: GenerationRequest(prompt: "rain"), audioPath: audioPath, created: sampleDate,
                        favouriteCopyPath: favouriteCopyPath)
        let session = StudioSession(bundlePath: "models/mini", created: sampleDate,
                                    settings: StudioSettings(outputFolder: outputFolder), takes: [take],
                                    favouritesFolder: favouritesFolder)
        let file = folder.appendingPathComponent("session.json")
        try session.encoded(source: file.path).write(to: file)
        return (try SessionStore.open(at: file), take)
    }

    private func filesOutside() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: outside.path).sorted()
    }

    private func assertOutside(_ error: Error, file: StaticString = #filePath, line: UInt = #line) {
        guard case SessionError.outsideSessionFolder = error else {
            return XCTFail("expected outsideSessionFolder, got \(error)", file: file, line: line)
        }
    }

    func testStarRefusesAnAbsoluteTakePathOutsideTheFolder() throws {
        let (store, take) = try makeSession(audioPath: "/etc/passwd")
        XCTAssertThrowsError(try store.star(take.id)) { assertOutside($0) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("favourites").path))
        XCTAssertEqual(store.session.take(take.id)?.isFavourite, false)
        XCTAssertEqual(store.missingAudio, [take.id])
    }

    func testStarRefusesATakePathThatClimbsOut() throws {
        let (store, take) = try makeSession(audioPath: "takes/../../outside/secret.wav")
        XCTAssertThrowsError(try store.star(take.id)) { error in
            assertOutside(error)
            XCTAssertEqual("\(error)", "the audio of take 1 \"takes/../../outside/secret.wav\" is outside the session "
                           + "folder \(self.folder.path); a session only uses files inside its own folder. Move it "
                           + "into the folder and give its path relative to the folder.")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("favourites").path))
    }

    func testStarRefusesATakeThatIsASymbolicLinkToAFileOutside() throws {
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("takes/link.wav"),
                                                   withDestinationURL: outside.appendingPathComponent("secret.wav"))
        let (store, take) = try makeSession(audioPath: "takes/link.wav")
        XCTAssertEqual(store.warnings.count, 1)
        XCTAssertThrowsError(try store.star(take.id)) { assertOutside($0) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("favourites").path))
    }

    func testAnAbsolutePathInsideTheFolderStillWorks() throws {
        let (store, take) = try makeSession(audioPath: folder.appendingPathComponent("takes/good.wav").path)
        XCTAssertEqual(try Data(contentsOf: try store.star(take.id).audioURL), Data("take audio".utf8))
        XCTAssertTrue(store.warnings.isEmpty, "\(store.warnings)")
    }

    func testALinkToAFileInsideTheFolderStillWorks() throws {
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("takes/inner-link.wav").path,
                                                   withDestinationPath: "good.wav")
        let (store, take) = try makeSession(audioPath: "takes/inner-link.wav")
        XCTAssertEqual(try Data(contentsOf: try store.star(take.id).audioURL), Data("take audio".utf8))
        XCTAssertEqual(store.missingAudio, [])
    }

    func testAFavouritesFolderOutsideIsIgnoredWithAWarning() throws {
        let (store, take) = try makeSession(audioPath: "takes/good.wav", favouritesFolder: outside.path)
        let copy = try store.star(take.id)
        XCTAssertEqual(copy.audioURL.path, folder.appendingPathComponent("favourites/good.wav").path)
        XCTAssertEqual(try filesOutside(), ["secret.wav"])
        XCTAssertEqual(store.warnings, ["session.json: favouritesFolder \"\(outside.path)\" is outside the session folder "
            + "\(folder.path); a session only uses files inside its own folder. Move it into the folder and give "
            + "its path relative to the folder. Using favourites/ instead; a folder outside the session is never taken "
            + "from a session file."])
        XCTAssertEqual(store.session.favouritesFolder, outside.path, "the file keeps its value; it is only ignored")
    }

    func testAFavouritesFolderThatIsALinkToOutsideWritesNothing() throws {
        let (store, take) = try makeSession(audioPath: "takes/good.wav")
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("favourites"), withDestinationURL: outside)
        XCTAssertThrowsError(try store.star(take.id)) { assertOutside($0) }
        XCTAssertEqual(try filesOutside(), ["secret.wav"])
    }

    func testAnOutputFolderOutsideIsIgnoredWithAWarning() throws {
        let (store, _) = try makeSession(audioPath: "takes/good.wav", outputFolder: "../outside")
        XCTAssertEqual(try store.outputFolderURL().path, folder.appendingPathComponent("takes").path)
        XCTAssertEqual(store.warnings.count, 1)
        XCTAssertTrue(store.warnings[0].contains("settings.outputFolder \"../outside\" is outside the session folder"),
                      store.warnings[0])
        XCTAssertEqual(try store.favouritesFolderURL().path, folder.appendingPathComponent("favourites").path)
    }

    func testARecordedFavouriteCopyOutsideIsNotTakenForTheCopy() throws {
        let (store, take) = try makeSession(audioPath: "takes/good.wav",
                                            favouriteCopyPath: "../outside/secret.wav")
        let copy = try store.star(take.id)
        XCTAssertEqual(copy.audioURL.path, folder.appendingPathComponent("favourites/good.wav").path)
        XCTAssertEqual(store.session.take(take.id)?.favouriteCopyPath, "favourites/good.wav")
    }

    func testAPathThroughADanglingLinkIsRefused() throws {
        let (store, take) = try makeSession(audioPath: "takes/good.wav")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("favourites").path,
                                                   withDestinationPath: outside.appendingPathComponent("new").path)
        XCTAssertThrowsError(try store.star(take.id)) { assertOutside($0) }
        XCTAssertEqual(try filesOutside(), ["secret.wav"])
    }
}
