import Engine
import Foundation
import Playback
import Session
import XCTest
@testable import StudioTUI

final class StudioControllerTests: XCTestCase {
    func testTypingAPromptAndChangingSettingsByKeySavesTheSession() throws {
        let h = try StudioHarness()
        h.press("e")
        h.type("rain on a tin roof")
        h.press("enter", "]", "]", "{", "+", "o", "L", "m")
        let request = h.store.session.settings.request
        XCTAssertEqual(request.prompt, "rain on a tin roof")
        XCTAssertEqual(request.guidanceScale, 4)
        XCTAssertEqual(request.priorGuidanceScale, 0.5)
        XCTAssertEqual(request.steps, 30)
        XCTAssertEqual(request.sampler, .ddpm)
        XCTAssertEqual(request.mode, .image)
        XCTAssertEqual(h.store.session.settings.seedPolicy, .locked)
        // Saved to disk after each change.
        let reread = try SessionStore.open(at: h.store.fileURL)
        XCTAssertEqual(reread.session.settings, h.store.session.settings)
        let screen = h.screen()
        XCTAssertTrue(screen.contains("Prompt   rain on a tin roof"), screen.text)
        XCTAssertTrue(screen.contains("Guidance 4  Prior guidance 0.5  Steps 30  Sampler ddpm"), screen.text)
        XCTAssertTrue(screen.contains("[image]"))
    }

    func testEscapeCancelsEditingAndBadValuesAreReported() throws {
        let h = try StudioHarness()
        h.press("e")
        h.type("discarded")
        h.press("escape")
        XCTAssertEqual(h.store.session.settings.request.prompt, "")
        h.studio.execute("set guidance=99")
        XCTAssertEqual(h.studio.status?.severity, .error)
        XCTAssertTrue(h.status.contains("expected a number from 0 to 50"), h.status)
        h.press(":")
        h.type("set steps=12")
        h.press("enter")
        XCTAssertEqual(h.store.session.settings.request.steps, 12)
        h.studio.execute("set seed=42")
        XCTAssertEqual(h.store.session.settings.request.seed, 42)
        XCTAssertEqual(h.store.session.settings.seedPolicy, .locked, "a typed seed is locked")
        h.press("Z")
        XCTAssertTrue(h.status.contains("not bound"), h.status)
    }

    func testGeneratingWritesTheTakeBeforeAddingItAndShowsProgress() throws {
        let generator = FakeGenerator(stepDelay: 0.01)
        let h = try StudioHarness(generator: generator)
        h.studio.execute("set prompt=a dog barking")
        h.studio.execute("set steps=20")
        h.studio.execute("set autoplay=off")
        h.press("g")
        XCTAssertTrue(h.waitFor { h.studio.progress?.step ?? 0 >= 3 })
        let during = h.screen()
        XCTAssertTrue(during.contains("/20 denoising prior"), during.text)
        XCTAssertTrue(during.contains("mel estimate, step"), during.text)
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 1 && !(h.studio.progress?.isRunning ?? true) })
        let take = h.store.session.takes[0]
        XCTAssertEqual(take.request.prompt, "a dog barking")
        XCTAssertEqual(take.request.mode, .prior)
        XCTAssertEqual(take.duration, 0.25, accuracy: 1e-6)
        XCTAssertTrue(take.audioPath.hasPrefix("takes/"), take.audioPath)
        let url = try h.store.audioURL(of: take)
        let info = try AudioFile.readMetadata(url)
        XCTAssertEqual(info.container, .wav)
        XCTAssertEqual(info.tags.request?.seed, take.request.seed)
        XCTAssertEqual(h.store.session.seedHistory, [take.request.seed])
        let after = h.screen()
        XCTAssertTrue(after.contains("20/20 done"), after.text)
        XCTAssertTrue(after.contains("a dog barking"), after.text)
        XCTAssertTrue(after.contains("take 1 mel"), after.text)
    }

    func testSeedIsNewEachTakeUnlessLocked() throws {
        let generator = FakeGenerator()
        let h = try StudioHarness(generator: generator)
        h.studio.execute("set prompt=wind")
        h.studio.execute("set steps=2")
        h.studio.execute("set autoplay=off")
        h.press("g")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 1 })
        h.press("g")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 2 })
        let seeds = h.store.session.takes.map(\.request.seed)
        XCTAssertNotEqual(seeds[0], seeds[1])
        h.press("L", "g")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 3 })
        XCTAssertEqual(h.store.session.takes[2].request.seed, seeds[1])
        // Restore brings back take 1's settings with its seed locked.
        h.studio.execute("select-take 1")
        h.press("R", "g")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 4 })
        XCTAssertEqual(h.store.session.takes[3].request.seed, seeds[0])
    }

    func testABPairSwitchKeepsThePositionAndRecordsThePreference() throws {
        let generator = FakeGenerator(seconds: 2)
        let h = try StudioHarness(generator: generator)
        h.studio.execute("set prompt=thunder")
        h.studio.execute("set steps=3")
        h.studio.execute("set autoplay=off")
        h.press("a")
        XCTAssertTrue(h.waitFor { h.store.session.abPairs.count == 1 })
        XCTAssertEqual(generator.requests.last?.1, [.prior, .zeroShot])
        let pair = h.store.session.abPairs[0]
        let a = try XCTUnwrap(h.store.session.take(pair.takeA))
        let b = try XCTUnwrap(h.store.session.take(pair.takeB))
        XCTAssertEqual(a.request.mode, .prior)
        XCTAssertEqual(b.request.mode, .zeroShot)
        XCTAssertEqual(a.request.seed, b.request.seed)
        h.studio.execute("select-take 1")
        h.press("enter")
        Thread.sleep(forTimeInterval: 0.4)
        let player = try XCTUnwrap(h.studio.player)
        XCTAssertEqual(player.state, .playing)
        h.press("t")
        XCTAssertEqual(h.studio.selectedTakeID, pair.takeB)
        XCTAssertEqual(player.state, .playing)
        XCTAssertGreaterThan(player.position, 0.25, "the switch kept the position")
        XCTAssertEqual(h.store.session.abPairs[0].switchCount, 1)
        h.press("2")
        XCTAssertEqual(h.store.session.abPairs[0].preferred, .b)
        let screen = h.screen()
        XCTAssertTrue(screen.contains("A/B 1"), screen.text)
        XCTAssertTrue(screen.contains("preferred: B"), screen.text)
        XCTAssertTrue(screen.contains("B1♥"), screen.text)
        h.press("v")
    }

    func testStarCopiesAudioAndSidecarToTheFavourites() throws {
        let h = try StudioHarness()
        h.studio.execute("set prompt=birdsong")
        h.studio.execute("set steps=2")
        h.press("g")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 1 })
        h.press("f")
        let take = h.store.session.takes[0]
        XCTAssertTrue(take.isFavourite)
        let copy = try XCTUnwrap(take.favouriteCopyPath)
        let copyURL = SessionPath.resolve(copy, sessionFolder: h.store.folder)
        XCTAssertTrue(FileManager.default.fileExists(atPath: copyURL.path))
        let sidecar = try FavouriteSidecar.load(from: copyURL.deletingPathExtension().appendingPathExtension("json"))
        XCTAssertEqual(sidecar.request, take.request)
        XCTAssertTrue(h.screen().contains("★"))
        h.press("f")
        XCTAssertFalse(h.store.session.takes[0].isFavourite)
    }

    func testReopenedSessionWithMissingAudioOpensAndSaysWhich() throws {
        let folder: URL
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
            try FileManager.default.removeItem(at: try h.store.audioURL(of: h.store.session.takes[0]))
        }
        let h = try StudioHarness(folder: folder)
        XCTAssertEqual(h.store.session.takes.count, 2)
        XCTAssertTrue(h.status.contains("audio missing for take 1"), h.status)
        let screen = h.screen()
        XCTAssertTrue(screen.contains("(audio missing)"), screen.text)
        h.studio.execute("select-take 1")
        h.press("enter")
        XCTAssertEqual(h.studio.status?.severity, .error)
        h.press("f")
        XCTAssertTrue(h.status.contains("missing"), h.status)
    }

    func testWithoutADeviceTheStudioSaysSoOnceAndKeepsSaving() throws {
        let h = try StudioHarness(device: "no-such-device-xyz")
        XCTAssertNil(h.studio.player)
        XCTAssertTrue(h.status.contains("no-such-device-xyz"), h.status)
        XCTAssertTrue(h.screen().contains("no playback:"))
        h.studio.execute("set prompt=sea")
        h.studio.execute("set steps=2")
        h.press("g")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 1 })
        XCTAssertTrue(FileManager.default.fileExists(atPath: try h.store.audioURL(of: h.store.session.takes[0]).path))
        h.studio.execute("set device=null")
        XCTAssertNotNil(h.studio.player)
        XCTAssertEqual(h.store.session.settings.deviceName, "null")
    }

    func testEngineFailureIsShownAndGenerationRefused() throws {
        let h = try StudioHarness(generator: nil)
        XCTAssertTrue(h.waitFor { if case .failed = h.studio.engineState { return true }; return false })
        XCTAssertTrue(h.status.contains("did not load"), h.status)
        h.studio.execute("set prompt=x")
        h.press("g")
        XCTAssertTrue(h.status.contains("cannot generate"), h.status)
        XCTAssertTrue(h.screen().contains("engine unavailable"))
    }

    func testStopEndsTheRunningJobAndDropsTheQueue() throws {
        let generator = FakeGenerator(stepDelay: 0.02)
        let h = try StudioHarness(generator: generator)
        h.studio.execute("set prompt=engine hum")
        h.studio.execute("set steps=200")
        h.press("g", "g")
        XCTAssertTrue(h.waitFor { (h.studio.progress?.step ?? 0) >= 2 })
        XCTAssertEqual(h.studio.worker.queuedCount, 1)
        h.press("s")
        XCTAssertTrue(h.waitFor { h.studio.progress?.outcome == .cancelled })
        XCTAssertEqual(h.store.session.takes.count, 0)
        XCTAssertEqual(h.studio.worker.queuedCount, 0)
        XCTAssertTrue(h.screen().contains("stopped at step"))
    }

    func testThemesByCommandAndABrokenThemeFallsBack() throws {
        let h = try StudioHarness()
        h.studio.execute("set theme=light")
        XCTAssertEqual(h.studio.theme.name, "light")
        XCTAssertEqual(h.store.session.settings.themeName, "light")
        h.press("T")
        XCTAssertNotEqual(h.studio.theme.name, "light")
        h.studio.execute("set theme=no-such-theme")
        XCTAssertEqual(h.studio.theme, .builtInDefault)
        XCTAssertTrue(h.status.contains("using the built-in theme"), h.status)
        XCTAssertNotEqual(h.store.session.settings.themeName, "no-such-theme")
    }

    func testHelpOverlayListsTheBindingsInUse() throws {
        let h = try StudioHarness()
        h.studio.execute("bind main x generate")
        h.press("?")
        var screen = h.screen(rows: 40, cols: 120)
        XCTAssertTrue(screen.contains("Help"), screen.text)
        XCTAssertTrue(screen.contains("g          generate"), screen.text)
        for _ in 0..<3 { h.press("down") }
        h.press("?")
        screen = h.screen(rows: 40, cols: 120)
        XCTAssertFalse(screen.contains("Help —"))
        XCTAssertTrue(HelpText.lines(keyMap: h.studio.keyMap).contains { $0.contains("x ") && $0.contains("generate") })
    }
}
