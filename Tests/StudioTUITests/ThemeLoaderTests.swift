import Foundation
@testable import StudioTUI
import XCTest

final class ThemeLoaderTests: XCTestCase {
    private var folders: [URL] = []

    override func tearDown() {
        for folder in folders { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    private func folder() throws -> URL {
        let folder = try makeThemeFolder()
        folders.append(folder)
        return folder
    }

    func testUserFolderFollowsXDG() {
        XCTAssertEqual(ThemeLoader.userFolder(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/home/u"])?.path,
                       "/cfg/clipsonic/themes")
        XCTAssertEqual(ThemeLoader.userFolder(environment: ["HOME": "/home/u"])?.path, "/home/u/.config/clipsonic/themes")
        XCTAssertEqual(ThemeLoader.userFolder(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/u"])?.path,
                       "/home/u/.config/clipsonic/themes", "a relative XDG_CONFIG_HOME is ignored")
        XCTAssertNil(ThemeLoader.userFolder(environment: [:]))
    }

    func testStandardFoldersFindTheProjectThemesFromABuildInsideTheRepository() {
        let executable = projectThemesFolder.deletingLastPathComponent().appendingPathComponent(".build/debug/clipsonic")
        let loader = ThemeLoader.standard(environment: ["XDG_CONFIG_HOME": "/cfg"], executable: executable)
        XCTAssertEqual(loader.folders.first?.path, "/cfg/clipsonic/themes")
        XCTAssertEqual(loader.folders.last?.standardizedFileURL.path, projectThemesFolder.standardizedFileURL.path)
        XCTAssertEqual(loader.load(named: "light").messages, [])
    }

    func testAnInstalledExecutableFindsThemesUnderItsPrefix() {
        let loader = ThemeLoader.standard(environment: [:], executable: URL(fileURLWithPath: "/opt/cs/bin/clipsonic"))
        XCTAssertEqual(loader.folders.map(\.path), ["/opt/cs/share/clipsonic/themes"])
    }

    func testProjectThemeLoads() {
        let result = ThemeLoader(folders: [URL(fileURLWithPath: "/nonexistent"), projectThemesFolder]).load(named: "high-contrast")
        XCTAssertEqual(result.messages, [])
        XCTAssertEqual(result.theme.name, "high-contrast")
        XCTAssertEqual(result.file?.lastPathComponent, "high-contrast.theme")
    }

    func testUserThemeOverridesTheProjectsOne() throws {
        let user = try folder()
        try themeText(replacing: ["accent": "magenta"]).write(to: user.appendingPathComponent("dark.theme"), atomically: true,
                                                              encoding: .utf8)
        let result = ThemeLoader(folders: [user, projectThemesFolder]).load(named: "dark")
        XCTAssertEqual(result.messages, [])
        XCTAssertEqual(result.theme[.accent], .ansi(5))
        XCTAssertEqual(result.file?.deletingLastPathComponent().standardizedFileURL.path, user.standardizedFileURL.path)
    }

    func testBrokenThemeFallsBackToTheBuiltInWithTheError() throws {
        let user = try folder()
        let file = user.appendingPathComponent("mine.theme")
        try themeText(replacing: ["text": "blurple"]).write(to: file, atomically: true, encoding: .utf8)
        let result = ThemeLoader(folders: [user, projectThemesFolder]).load(named: "mine")
        XCTAssertEqual(result.theme, Theme.builtInDefault)
        XCTAssertNil(result.file)
        XCTAssertEqual(result.messages, ["\(file.path):2: text: \"blurple\" is not a colour; use default, a name "
                                         + "(red, bright-blue, ...), a palette number 0-255, or #rrggbb; using the built-in theme"])
    }

    func testMissingThemeFallsBackWithAMessage() throws {
        let user = try folder()
        let result = ThemeLoader(folders: [user]).load(named: "solarized")
        XCTAssertEqual(result.theme, Theme.builtInDefault)
        XCTAssertEqual(result.messages, ["no theme \"solarized\" in \(user.path); using the built-in theme"])
        XCTAssertEqual(ThemeLoader(folders: [user]).load(named: "../etc/passwd").messages,
                       ["\"../etc/passwd\" is not a theme name (a file name without .theme); using the built-in theme"])
        XCTAssertEqual(ThemeLoader(folders: []).load(named: "default"),
                       ThemeLoadResult(theme: .builtInDefault, file: nil, messages: []))
    }

    func testAvailableThemesListsEveryFolderOnce() throws {
        let user = try folder()
        try themeText().write(to: user.appendingPathComponent("zebra.theme"), atomically: true, encoding: .utf8)
        try themeText().write(to: user.appendingPathComponent("light.theme"), atomically: true, encoding: .utf8)
        try "notes".write(to: user.appendingPathComponent("README"), atomically: true, encoding: .utf8)
        let names = ThemeLoader(folders: [user, projectThemesFolder]).availableThemes()
        XCTAssertEqual(names, ["default", "dark", "high-contrast", "light", "zebra"])
    }
}
