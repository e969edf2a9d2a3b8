import Engine
import Foundation
@testable import Session
import XCTest

final class SessionFavouritesTests: XCTestCase {
    private var folder = URL(fileURLWithPath: "/")
    private var store: SessionStore?

    /// A session with two takes whose audio files are both named rain.wav, in different folders.
    private func makeStore() throws -> (SessionStore, Take, Take) {
        folder = try makeTemporaryFolder(self)
        for name in ["takes/1", "takes/2"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        try Data("first take audio".utf8).write(to: folder.appendingPathComponent("takes/1/rain.wav"))
        try Data("second take audio".utf8).write(to: folder.appendingPathComponent("takes/2/rain.wav"))
        let first = Take(request: GenerationRequest(prompt: "rain", seed: 1), audioPath: "takes/1/rain.wav",
                         timings: StageTimings(encoding: 0.5, prior: 1, denoising: 9, vocoding: 0.25), created: sampleDate,
                         duration: 4, note: "soft")
        let second = Take(request: GenerationRequest(prompt: "rain", mode: .zeroShot, seed: 1),
                          audioPath: "takes/2/rain.wav", created: sampleDate, duration: 4)
        let session = StudioSession(bundlePath: "/opt/clipsonic/models/mini", created: sampleDate, takes: [first, second])
        let store = try SessionStore.create(at: folder.appendingPathComponent("session.json"), session: session,
                                            clock: { sampleDate.addingTimeInterval(60) })
        return (store, first, second)
    }

    func testStarCopiesTheAudioAndWritesASidecar() throws {
        let (store, first, _) = try makeStore()
        let copy = try store.star(first.id)
        XCTAssertEqual(copy.audioURL.path, folder.appendingPathComponent("favourites/rain.wav").path)
        XCTAssertEqual(copy.sidecarURL.path, folder.appendingPathComponent("favourites/rain.json").path)
        XCTAssertEqual(try Data(contentsOf: copy.audioURL), Data("first take audio".utf8))
        let sidecar = try FavouriteSidecar.load(from: copy.sidecarURL)
        XCTAssertEqual(sidecar, FavouriteSidecar(takeID: first.id, request: first.request, timings: first.timings,
                                                 bundleName: "mini", engineVersion: EngineInfo.version,
                                                 audioFile: "rain.wav", created: sampleDate,
                                                 starred: sampleDate.addingTimeInterval(60), duration: 4, note: "soft"))
        let saved = try SessionStore.open(at: store.fileURL).session.take(first.id)
        XCTAssertEqual(saved?.isFavourite, true)
        XCTAssertEqual(saved?.favouriteCopyPath, "favourites/rain.wav")
    }

    func testStarNeverOverwritesAndCountsUp() throws {
        let (store, first, second) = try makeStore()
        let favourites = folder.appendingPathComponent("favourites")
        try FileManager.default.createDirectory(at: favourites, withIntermediateDirectories: true)
        // Someone's own rain.wav and a stray rain-2.json are already there.
        try Data("not ours".utf8).write(to: favourites.appendingPathComponent("rain.wav"))
        try Data("{}".utf8).write(to: favourites.appendingPathComponent("rain-2.json"))
        let firstCopy = try store.star(first.id, bundleName: "custom-bundle")
        let secondCopy = try store.star(second.id)
        XCTAssertEqual(firstCopy.audioURL.lastPathComponent, "rain-3.wav")
        XCTAssertEqual(secondCopy.audioURL.lastPathComponent, "rain-4.wav")
        XCTAssertEqual(secondCopy.sidecarURL.lastPathComponent, "rain-4.json")
        XCTAssertEqual(try Data(contentsOf: favourites.appendingPathComponent("rain.wav")), Data("not ours".utf8))
        XCTAssertEqual(try Data(contentsOf: favourites.appendingPathComponent("rain-2.json")), Data("{}".utf8))
        XCTAssertEqual(try Data(contentsOf: secondCopy.audioURL), Data("second take audio".utf8))
        XCTAssertEqual(try FavouriteSidecar.load(from: firstCopy.sidecarURL).bundleName, "custom-bundle")
        XCTAssertEqual(try FavouriteSidecar.load(from: secondCopy.sidecarURL).request.mode, .zeroShot)
        let names = try FileManager.default.contentsOfDirectory(atPath: favourites.path).sorted()
        XCTAssertEqual(names, ["rain-2.json", "rain-3.json", "rain-3.wav", "rain-4.json", "rain-4.wav", "rain.wav"],
                       "no temporary files are left behind")
    }

    func testStarringAgainReusesAKeptCopyAndCopiesAgainWhenItIsGone() throws {
        let (store, first, _) = try makeStore()
        let copy = try store.star(first.id)
        // The flag alone cleared (as an older build's unstar left it): the copy is still recorded.
        try store.update { session throws(SessionError) in try session.setFavourite(false, forTake: first.id) }
        XCTAssertEqual(try store.star(first.id), copy, "the kept copy is reused, not copied again")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: copy.audioURL.deletingLastPathComponent().path).count, 2)
        // If the copy was deleted by hand, starring copies again.
        try FileManager.default.removeItem(at: copy.audioURL)
        try store.update { session throws(SessionError) in try session.setFavourite(false, forTake: first.id) }
        XCTAssertEqual(try store.star(first.id).audioURL.lastPathComponent, "rain-2.wav", "rain.json is still there")
    }

    func testStarringATakeWhoseAudioIsGoneFails() throws {
        let (store, first, _) = try makeStore()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("takes/1/rain.wav"))
        XCTAssertThrowsError(try store.star(first.id)) { error in
            XCTAssertEqual(error as? SessionError,
                           .audioMissing(takeID: first.id, path: folder.appendingPathComponent("takes/1/rain.wav").path))
        }
        XCTAssertEqual(store.session.take(first.id)?.isFavourite, false)
        XCTAssertThrowsError(try store.star(UUID())) { XCTAssertNotNil($0 as? SessionError) }
    }

    func testSidecarLoadsSettingsAndRefusesOtherFiles() throws {
        let (store, first, _) = try makeStore()
        let copy = try store.star(first.id)
        let sidecar = try FavouriteSidecar.load(from: copy.sidecarURL)
        try store.update { $0.settings.request = sidecar.request }
        XCTAssertEqual(store.session.settings.request, first.request)
        XCTAssertThrowsError(try FavouriteSidecar.load(from: store.fileURL)) { error in
            XCTAssertEqual(error as? SessionError,
                           .wrongFormat(source: store.fileURL.path, expected: "clipsonic-favourite", found: "clipsonic-session"))
        }
        let minimal = #"{"format": "clipsonic-favourite", "version": 1, "audioFile": "a.wav", "request": {"prompt": "x"}}"#
        XCTAssertEqual(try FavouriteSidecar.parse(data: bytes(minimal), source: "a.json").request, GenerationRequest(prompt: "x"))
        let newer = #"{"format": "clipsonic-favourite", "version": 3}"#
        XCTAssertThrowsError(try FavouriteSidecar.parse(data: bytes(newer), source: "a.json")) {
            XCTAssertEqual($0 as? SessionError, .newerVersion(source: "a.json", found: 3, supported: 2))
        }
    }
}
