import Foundation
@testable import StudioTUI
import XCTest

/// The shipped theme files parse, and the dark theme is the built-in default.
final class ThemeFileTests: XCTestCase {
    private func loadProjectTheme(_ name: String) throws -> Theme {
        try ThemeLoader(folders: [projectThemesFolder]).load(file: projectThemesFolder.appendingPathComponent("\(name).theme"))
    }

    func testEveryShippedThemeParses() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: projectThemesFolder.path).filter { $0.hasSuffix(".theme") }
        XCTAssertTrue(Set(files).isSuperset(of: ["dark.theme", "light.theme", "high-contrast.theme"]), "\(files)")
        for file in files {
            let theme = try loadProjectTheme(String(file.dropLast(".theme".count)))
            XCTAssertEqual(Set(theme.colors.keys), Set(ThemeRole.allCases), file)
            XCTAssertTrue(Theme.gradientLengths.contains(theme.spectrogram.count), file)
        }
    }

    func testDarkThemeIsTheBuiltInDefault() throws {
        var dark = try loadProjectTheme("dark")
        XCTAssertEqual(dark.name, "dark")
        dark.name = Theme.builtInDefault.name
        XCTAssertEqual(dark, Theme.builtInDefault)
    }

    func testLightTheme() throws {
        let light = try loadProjectTheme("light")
        XCTAssertEqual(light[.background], .indexed(231))
        XCTAssertEqual(light[.text], .indexed(235))
        XCTAssertEqual(light.spectrogram.first, .rgb(red: 0xf7, green: 0xfb, blue: 0xff))
        XCTAssertEqual(light.spectrogram.count, 7)
    }

    func testHighContrastThemeUsesOnlyANSIColours() throws {
        let theme = try loadProjectTheme("high-contrast")
        XCTAssertEqual(theme[.background], .ansi(0))
        XCTAssertEqual(theme[.text], .ansi(15))
        for color in Array(theme.colors.values) + theme.spectrogram {
            guard case .ansi = color else { return XCTFail("\(color) is not an ANSI colour") }
        }
        // Foreground and background pairs are far apart.
        XCTAssertNotEqual(theme[.statusForeground], theme[.statusBackground])
        XCTAssertNotEqual(theme[.selectionForeground], theme[.selectionBackground])
    }
}
