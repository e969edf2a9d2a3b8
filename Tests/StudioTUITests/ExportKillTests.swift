import Engine
import Foundation
import Models
import Playback
import XCTest
@testable import StudioTUI

/// Kills a process that exports a take over and over (`:export!`): the destination is always
/// absent or a whole file with the recipe in its tags, never a partial one, and the next export
/// clears the hidden temporary file a kill leaves.
final class ExportKillTests: XCTestCase {
    static let sourceVariable = "CLIPSONIC_EXPORT_CHILD_SOURCE"
    static let destinationVariable = "CLIPSONIC_EXPORT_CHILD_DESTINATION"

    static let recipe = TakeRecipe(request: GenerationRequest(prompt: "three dogs barking", seed: 7), bundle: "mini", bundleHash: nil)

    /// The child: exports until killed (at most two minutes, should its parent die).
    func testExportChildEntry() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let source = environment[Self.sourceVariable], let destination = environment[Self.destinationVariable] else { return }
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            try TakeExport.write(from: URL(fileURLWithPath: source), to: URL(fileURLWithPath: destination), replacing: true,
                                 fallback: Self.recipe)
        }
    }

    func testKillingAnExportNeverLeavesAPartialFile() throws {
        #if !os(Linux)
        throw XCTSkip("re-runs the .xctest binary as a child, which works on Linux only")
        #else
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
              executable.hasSuffix(".xctest") else { throw XCTSkip("not running from an .xctest binary") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-export-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("take.wav")
        // Eight seconds of noise: FLAC encoding takes long enough for kills to land mid-write.
        var noise = SplitMix64(seed: 11)
        let samples = (0..<(8 * 16_000)).map { _ in Float(noise.next() - 0.5) }
        try AudioFile.write(AudioBuffer(samples: samples, sampleRate: 16_000), to: source,
                            options: .init(tags: AudioTags(recipe: Self.recipe)))
        let expected = try AudioFile.read(source)
        let destination = folder.appendingPathComponent("out/dogs.flac")
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        let prefix = AtomicFile.temporaryPrefix(for: destination)
        var leftovers = 0, whole = 0
        for round in 0..<10 {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: executable)
            child.arguments = ["StudioTUITests.ExportKillTests/testExportChildEntry"]
            var environment = ProcessInfo.processInfo.environment
            environment[Self.sourceVariable] = source.path
            environment[Self.destinationVariable] = destination.path
            child.environment = environment
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try child.run()
            usleep(UInt32.random(in: 300_000...700_000))
            XCTAssertTrue(child.isRunning, "round \(round): the exporter stopped on its own")
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            if FileManager.default.fileExists(atPath: destination.path) {
                XCTAssertEqual(try AudioFile.read(destination).samples, expected.samples, "round \(round): a partial export")
                XCTAssertEqual(try AudioFile.readMetadata(destination).tags.recipe?.request, Self.recipe.request)
                whole += 1
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: destination.deletingLastPathComponent().path)
            leftovers += names.filter { $0.hasPrefix(prefix) }.count
        }
        try TakeExport.write(from: source, to: destination, replacing: true, fallback: Self.recipe)
        let names = try FileManager.default.contentsOfDirectory(atPath: destination.deletingLastPathComponent().path)
        XCTAssertEqual(names, ["dogs.flac"], "the next export clears what a killed one left")
        print("ExportKillTests: 10 kills, \(whole) found a whole file in place, \(leftovers) left a temporary file")
        #endif
    }
}
