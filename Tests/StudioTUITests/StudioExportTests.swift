import Engine
import Foundation
import Playback
import XCTest
@testable import StudioTUI

final class StudioExportTests: XCTestCase {
    func testExportWritesWAVOrFLACWithTheRecipeAndRefusesToReplaceUnlessAsked() throws {
        let h = try StudioHarness()
        h.studio.execute("set prompt=three dogs barking")
        h.studio.execute("set steps=2")
        h.studio.execute("set autoplay=off")
        h.press("g")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 1 })
        let take = h.store.session.takes[0]
        let out = h.folder.appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for name in ["dogs.wav", "dogs.flac"] {
            let file = out.appendingPathComponent(name)
            h.studio.execute("export \(file.path)")
            XCTAssertTrue(h.status.contains("take 1 exported to \(file.path)"), h.status)
            let info = try AudioFile.readMetadata(file)
            XCTAssertEqual(info.container.rawValue, file.pathExtension)
            XCTAssertEqual(info.tags.recipe?.request, take.request)
            let made = try AudioFile.readMetadata(try h.store.audioURL(of: take)).tags.date
            XCTAssertNotNil(made)
            XCTAssertEqual(info.tags.date, made, "an export carries the take's date, not the export's")
            XCTAssertEqual(try AudioFile.read(file).samples, try AudioFile.read(try h.store.audioURL(of: take)).samples)
        }
        let flac = out.appendingPathComponent("dogs.flac")
        let before = try Data(contentsOf: flac)
        // Exports a second apart must still be byte-identical (the date is the take's).
        Thread.sleep(forTimeInterval: 1.1)
        try Data("mine".utf8).write(to: flac)
        h.studio.execute("export \(flac.path)")
        XCTAssertEqual(h.studio.status?.severity, .error)
        XCTAssertTrue(h.status.contains("already exists; use :export! PATH"), h.status)
        XCTAssertEqual(try Data(contentsOf: flac), Data("mine".utf8))
        h.studio.execute("export! \(flac.path)")
        XCTAssertEqual(try Data(contentsOf: flac), before)
        h.studio.execute("export \(out.appendingPathComponent("dogs.mp3").path)")
        XCTAssertTrue(h.status.contains(".mp3"), h.status)
        h.studio.execute("export \(out.path)")
        XCTAssertTrue(h.status.contains("is a folder"), h.status)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted(), ["dogs.flac", "dogs.wav"])
    }

    func testExportPathsAreTheUsersOwn() {
        let base = URL(fileURLWithPath: "/work/here")
        XCTAssertEqual(TakeExport.destination("a.wav", base: base).path, "/work/here/a.wav")
        XCTAssertEqual(TakeExport.destination("/tmp/a.wav", base: base).path, "/tmp/a.wav")
        XCTAssertEqual(TakeExport.destination("../a.wav", base: base).path, "/work/a.wav")
        let home = ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        XCTAssertEqual(TakeExport.destination("~/a.flac", base: base).path, URL(fileURLWithPath: home).appendingPathComponent("a.flac").path)
    }
}
