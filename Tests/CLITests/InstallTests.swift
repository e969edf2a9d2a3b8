import Foundation
import XCTest

/// `scripts/install.sh PREFIX` and the bundle search: an installed clipsonic finds its bundle
/// from any folder, through a link too, and says where it looked when there is none.
final class InstallTests: XCTestCase {
    /// A clean environment: no CLIPSONIC_BUNDLE, no XDG data folder, an empty home.
    private func environment(home: URL) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["CLIPSONIC_BUNDLE"] = nil
        env["XDG_DATA_HOME"] = nil
        env["HOME"] = home.path
        return env
    }

    private let systemBundle = "/usr/local/share/clipsonic/bundles/mini"

    func testAnInstalledBinaryFindsItsBundleFromAnyFolder() throws {
        let prefix = try CLI.scratch()
        let elsewhere = try CLI.scratch()
        defer {
            try? FileManager.default.removeItem(at: prefix)
            try? FileManager.default.removeItem(at: elsewhere)
        }
        let install = Process()
        install.executableURL = URL(fileURLWithPath: "/bin/bash")
        install.arguments = [CLI.repositoryRoot.appendingPathComponent("scripts/install.sh").path,
                             "--binary", CLI.binary.path, prefix.path]
        let log = Pipe()
        install.standardOutput = log
        install.standardError = log
        try install.run()
        let output = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        install.waitUntilExit()
        XCTAssertEqual(install.terminationStatus, 0, output)
        for installed in ["bin/clipsonic", "share/clipsonic/bundles/mini/bundle.json", "share/clipsonic/themes/dark.theme",
                          "share/clipsonic/keys/default.keys"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(installed).path), installed)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: prefix.appendingPathComponent("share/clipsonic").path).sorted(),
                       ["bundles", "keys", "themes"], "no temporary folder left behind")

        if FileManager.default.fileExists(atPath: systemBundle + "/bundle.json") {
            throw XCTSkip("\(systemBundle) exists and comes before the prefix's bundle in the search")
        }
        let expected = prefix.appendingPathComponent("share/clipsonic/bundles/mini").path
        let binary = prefix.appendingPathComponent("bin/clipsonic")
        let r = try CLI.run(["info"], in: elsewhere, executable: binary, environment: environment(home: elsewhere))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("bundle mini  (\(expected))"), r.stdout)

        // A link to the installed binary (~/bin/clipsonic) finds the install's data by its real path.
        let link = elsewhere.appendingPathComponent("bin/clipsonic")
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: binary)
        let linked = try CLI.run(["info", "--json"], in: elsewhere, executable: link, environment: environment(home: elsewhere))
        XCTAssertEqual(linked.status, 0, linked.stderr)
        XCTAssertTrue(linked.stdout.contains("\"path\" : \"\(expected)\""), linked.stdout)

        // Installing again over the first install replaces it whole.
        let again = Process()
        again.executableURL = install.executableURL
        again.arguments = install.arguments
        again.standardOutput = FileHandle.nullDevice
        try again.run()
        again.waitUntilExit()
        XCTAssertEqual(again.terminationStatus, 0)
        XCTAssertEqual(try CLI.run(["info"], in: elsewhere, executable: binary, environment: environment(home: elsewhere)).status, 0)
    }

    func testWithoutABundleTheErrorListsEveryPlaceAndTheWayOut() throws {
        if FileManager.default.fileExists(atPath: systemBundle + "/bundle.json") {
            throw XCTSkip("\(systemBundle) exists, so a bundle is always found")
        }
        let folder = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try CLI.run(["info"], in: folder, environment: environment(home: folder))
        XCTAssertNotEqual(r.status, 0)
        for expected in ["no model bundle found", folder.appendingPathComponent(".local/share/clipsonic/bundles/mini").path,
                         systemBundle, folder.appendingPathComponent("models/mini").path,
                         "--bundle DIR", "CLIPSONIC_BUNDLE=DIR"] {
            XCTAssertTrue(r.stderr.contains(expected), "\(expected) missing from:\n\(r.stderr)")
        }
        let generate = try CLI.run(["generate", "rain", "--out", folder.appendingPathComponent("x.wav").path],
                                   in: folder, environment: environment(home: folder))
        XCTAssertNotEqual(generate.status, 0)
        XCTAssertTrue(generate.stderr.contains("no model bundle found"), generate.stderr)
    }
}
