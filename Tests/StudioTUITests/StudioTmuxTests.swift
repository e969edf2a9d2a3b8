import Foundation
import XCTest

/// Runs scripts/studio-tmux-test.sh: the real `clipsonic studio` driven in tmux (type a prompt,
/// generate, watch progress, play through an ALSA file-plugin device and compare the captured
/// samples with the take, A/B, star, quit, reopen, Ctrl-C, SIGTERM). Skips when tmux is missing.
final class StudioTmuxTests: XCTestCase {
    private let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testScriptedStudioSessionInTmux() throws {
        guard let tmux = Self.executable(named: "tmux") else {
            throw XCTSkip("tmux is not installed (apt-get install tmux); the scripted studio test needs it")
        }
        _ = tmux
        guard let binary = clipsonicBinary() else {
            return XCTFail("no clipsonic binary beside the tests or in .build/debug; build it with `swift build`")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [repositoryRoot.appendingPathComponent("scripts/studio-tmux-test.sh").path]
        var environment = ProcessInfo.processInfo.environment
        environment["CLIPSONIC_BIN"] = binary.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let log = String(decoding: data, as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, log)
        XCTAssertTrue(log.contains("studio-tmux-test: PASS"), log)
        XCTAssertTrue(log.contains("captured audio equals take 1"), log)
    }

    /// The clipsonic built with these tests: beside the test bundle, else .build/debug.
    private func clipsonicBinary() -> URL? {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["CLIPSONIC_BIN"] { candidates.append(URL(fileURLWithPath: override)) }
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("clipsonic"))
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("clipsonic"))
        }
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/clipsonic"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    private static func executable(named name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
