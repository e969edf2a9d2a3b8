import Engine
import Foundation
import XCTest

/// The bundle search order, with a fake environment and file system: what a user gets from
/// `clipsonic` run in any folder, installed under any prefix.
final class BundleLocatorTests: XCTestCase {
    private let cwd = URL(fileURLWithPath: "/work/project")
    private let installed = URL(fileURLWithPath: "/opt/cs/bin/clipsonic")

    private func locator(_ environment: [String: String], bundles: Set<String>, executable: URL? = nil) -> BundleLocator {
        BundleLocator(environment: environment, currentFolder: cwd, executable: executable ?? installed,
                      isBundle: { bundles.contains($0.path) })
    }

    private let everywhere: Set<String> = [
        "/data/clipsonic/bundles/mini", "/home/u/.local/share/clipsonic/bundles/mini",
        "/usr/local/share/clipsonic/bundles/mini", "/opt/cs/share/clipsonic/bundles/mini", "/work/project/models/mini",
    ]

    func testTheFlagWinsThenTheVariableAsGivenEvenIfMissing() throws {
        let env = ["CLIPSONIC_BUNDLE": "/nowhere/b", "HOME": "/home/u"]
        XCTAssertEqual(try locator(env, bundles: everywhere).locate(explicit: "rel/b").path, "/work/project/rel/b")
        XCTAssertEqual(try locator(env, bundles: everywhere).locate().path, "/nowhere/b")
    }

    func testTheSearchOrder() throws {
        var bundles = everywhere
        var env = ["XDG_DATA_HOME": "/data", "HOME": "/home/u"]
        let expected = ["/data/clipsonic/bundles/mini", "/usr/local/share/clipsonic/bundles/mini",
                        "/opt/cs/share/clipsonic/bundles/mini", "/work/project/models/mini"]
        for path in expected {
            XCTAssertEqual(try locator(env, bundles: bundles).locate().path, path)
            bundles.remove(path)
        }
        env["XDG_DATA_HOME"] = nil
        XCTAssertEqual(try locator(env, bundles: everywhere).locate().path, "/home/u/.local/share/clipsonic/bundles/mini")
        env["XDG_DATA_HOME"] = "relative/ignored"
        XCTAssertEqual(try locator(env, bundles: everywhere).locate().path, "/home/u/.local/share/clipsonic/bundles/mini")
    }

    func testOnlyAnExecutableInABinFolderGivesAPrefix() {
        let build = locator(["HOME": "/h"], bundles: [], executable: URL(fileURLWithPath: "/src/.build/debug/clipsonic"))
        XCTAssertEqual(build.searchedPlaces().map(\.url.path),
                       ["/h/.local/share/clipsonic/bundles/mini", "/usr/local/share/clipsonic/bundles/mini",
                        "/work/project/models/mini"])
        let usrLocal = locator([:], bundles: [], executable: URL(fileURLWithPath: "/usr/local/bin/clipsonic"))
        XCTAssertEqual(usrLocal.searchedPlaces().map(\.url.path),
                       ["/usr/local/share/clipsonic/bundles/mini", "/work/project/models/mini"], "no repeats")
    }

    func testNotFoundListsEveryPlaceAndSaysWhatToDo() {
        XCTAssertThrowsError(try locator(["HOME": "/home/u"], bundles: []).locate()) { error in
            let text = "\(error)"
            for place in ["/home/u/.local/share/clipsonic/bundles/mini", "/usr/local/share/clipsonic/bundles/mini",
                          "/opt/cs/share/clipsonic/bundles/mini", "/work/project/models/mini",
                          "--bundle DIR", "CLIPSONIC_BUNDLE=DIR"] {
                XCTAssertTrue(text.contains(place), "\(place) missing from: \(text)")
            }
        }
    }

    func testTheDefaultTestLooksForAManifestFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-locator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("bundle.json"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        XCTAssertFalse(BundleLocator.hasManifest(folder), "a folder named bundle.json is not a manifest")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("bundle.json"))
        try Data("{}".utf8).write(to: folder.appendingPathComponent("bundle.json"))
        XCTAssertTrue(BundleLocator.hasManifest(folder))
    }
}

final class InstallPrefixTests: XCTestCase {
    func testThePrefixIsTheParentOfBin() {
        XCTAssertEqual(InstallPrefix.of(URL(fileURLWithPath: "/opt/cs/bin/clipsonic"))?.path, "/opt/cs")
        XCTAssertEqual(InstallPrefix.sharedData(of: URL(fileURLWithPath: "/usr/local/bin/clipsonic"))?.path,
                       "/usr/local/share/clipsonic")
        XCTAssertNil(InstallPrefix.of(URL(fileURLWithPath: "/src/.build/release/clipsonic")))
        XCTAssertNil(InstallPrefix.of(nil))
    }

    func testTheRealPathResolvesLinks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-prefix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("opt/bin"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = folder.appendingPathComponent("opt/bin/clipsonic")
        try Data().write(to: binary)
        let link = folder.appendingPathComponent("clipsonic")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: binary)
        let real = try XCTUnwrap(InstallPrefix.realPath(link.path))
        XCTAssertEqual(real.lastPathComponent, "clipsonic")
        XCTAssertEqual(real.deletingLastPathComponent().lastPathComponent, "bin")
        XCTAssertNil(InstallPrefix.realPath(folder.appendingPathComponent("missing").path))
    }
}
