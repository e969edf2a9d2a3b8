import Foundation
@testable import StudioTUI
import XCTest

final class ThemeParserTests: XCTestCase {
    private func parseError(_ text: String, source: String = "my.theme",
                            file: StaticString = #filePath, line: UInt = #line) -> ThemeError? {
        do {
            _ = try Theme.parse(text: text, source: source)
            XCTFail("expected the theme to be refused", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func testBothSyntaxesCommentsAndBlankLines() throws {
        let text = "# comment\n\n  set accent=#5FAFFF  \r\n" + themeText(dropping: ["accent"])
        let theme = try Theme.parse(text: text, source: "/home/u/.config/clipsonic/themes/mine.theme")
        XCTAssertEqual(theme.name, "mine")
        XCTAssertEqual(theme[.accent], .rgb(red: 0x5f, green: 0xaf, blue: 0xff))
        XCTAssertEqual(theme[.background], .terminalDefault)
        XCTAssertEqual(theme[.dimText], .indexed(244))
        XCTAssertEqual(theme.spectrogram, [.ansi(0), .ansi(4), .ansi(6), .ansi(3), .ansi(7)])
    }

    func testColourSpellings() {
        let cases: [(String, ThemeColor)] = [
            ("default", .terminalDefault), ("-1", .terminalDefault), ("DEFAULT", .terminalDefault),
            ("black", .ansi(0)), ("white", .ansi(7)), ("bright-red", .ansi(9)), ("bright_blue", .ansi(12)),
            ("brightwhite", .ansi(15)), ("lightgreen", .ansi(10)), ("gray", .ansi(8)), ("grey", .ansi(8)),
            ("0", .ansi(0)), ("15", .ansi(15)), ("16", .indexed(16)), ("255", .indexed(255)), ("007", .ansi(7)),
            ("#000000", .rgb(red: 0, green: 0, blue: 0)), ("#FfA07a", .rgb(red: 255, green: 160, blue: 122)),
        ]
        for (token, color) in cases { XCTAssertEqual(ThemeColor(token: token), color, token) }
        for bad in ["", "256", "-2", "#fff", "#gggggg", "#1234567", "purple", "bright-", "1.5", "0x10", "red blue"] {
            XCTAssertNil(ThemeColor(token: bad), bad)
        }
    }

    func testColourDescriptionsReadBack() {
        let colors: [ThemeColor] = [.terminalDefault, .ansi(3), .ansi(11), .indexed(208), .rgb(red: 1, green: 171, blue: 255)]
        XCTAssertEqual(colors.map(\.description), ["default", "yellow", "bright-yellow", "208", "#01abff"])
        for color in colors { XCTAssertEqual(ThemeColor(token: color.description), color) }
    }

    func testErrorsNameFileLineAndProblem() {
        let cases: [(String, String)] = [
            (themeText(replacing: ["warning": "orangeish"]),
             "my.theme:11: warning: \"orangeish\" is not a colour; use default, a name (red, bright-blue, ...), "
                + "a palette number 0-255, or #rrggbb"),
            ("background = default\nthis line is wrong\n",
             "my.theme:2: cannot read \"this line is wrong\"; expected \"key = colour\" or \"set key=colour\""),
            ("# c\nacent = red\n",
             "my.theme:2: unknown key \"acent\"; did you mean \"accent\"? keys are background, text, dim_text, accent, "
                + "status_fg, status_bg, selection_fg, selection_bg, progress, error, warning, favourite, spectrogram"),
            ("sparkle = red\n",
             "my.theme:1: unknown key \"sparkle\"; keys are background, text, dim_text, accent, status_fg, status_bg, "
                + "selection_fg, selection_bg, progress, error, warning, favourite, spectrogram"),
            (themeText() + "text = black\n", "my.theme:14: text is already set on line 2"),
            (themeText(replacing: ["spectrogram": "black blue red"]),
             "my.theme:13: spectrogram: 3 colours; give 5 to 9, from low to high energy"),
            (themeText(replacing: ["spectrogram": String(repeating: "red ", count: 10)]),
             "my.theme:13: spectrogram: 10 colours; give 5 to 9, from low to high energy"),
            (themeText(replacing: ["spectrogram": "black blue #12345 red white"]),
             "my.theme:13: spectrogram: \"#12345\" is not a colour; use default, a name (red, bright-blue, ...), "
                + "a palette number 0-255, or #rrggbb"),
            (themeText(replacing: ["accent": ""]),
             "my.theme:4: accent: \"\" is not a colour; use default, a name (red, bright-blue, ...), a palette number 0-255, or #rrggbb"),
            (themeText(dropping: ["favourite", "spectrogram"]), "my.theme: missing favourite, spectrogram; a theme sets every key"),
            ("", "my.theme: missing background, text, dim_text, accent, status_fg, status_bg, selection_fg, selection_bg, "
                + "progress, error, warning, favourite, spectrogram; a theme sets every key"),
            ("= red\n", "my.theme:1: cannot read \"= red\"; expected \"key = colour\" or \"set key=colour\""),
        ]
        for (text, message) in cases {
            XCTAssertEqual(parseError(text)?.description, message)
        }
        XCTAssertEqual(parseError("a\nb\nc = red\n")?.line, 1)
        XCTAssertEqual(parseError(themeText(replacing: ["progress": "nope"]))?.line, 9)
    }

    func testLineNumbersCountCRLFFilesLikeEditors() {
        let text = themeText(replacing: ["error": "bright-nothing"]).replacingOccurrences(of: "\n", with: "\r\n")
        XCTAssertEqual(parseError(text)?.line, 10)
    }

    func testInvalidUTF8IsRefused() {
        XCTAssertThrowsError(try Theme.parse(data: Array("text = red\n".utf8) + [0xFF], source: "x.theme")) {
            XCTAssertEqual($0 as? ThemeError, .notUTF8(source: "x.theme"))
        }
    }

    func testArbitraryBytesNeverCrashTheParser() {
        let valid = Array(themeText().utf8)
        var state: UInt64 = 7
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var bytes = valid
            bytes[Int(state >> 33) % bytes.count] = UInt8(truncatingIfNeeded: state >> 17)
            _ = try? Theme.parse(data: bytes, source: "fuzz.theme")
        }
    }

    func testSpectrogramColourForEnergyLevel() {
        let theme = Theme.builtInDefault
        XCTAssertEqual(theme.spectrogramColor(level: 0), theme.spectrogram.first)
        XCTAssertEqual(theme.spectrogramColor(level: 1), theme.spectrogram.last)
        XCTAssertEqual(theme.spectrogramColor(level: 0.5), theme.spectrogram[3])
        XCTAssertEqual(theme.spectrogramColor(level: -3), theme.spectrogram.first)
        XCTAssertEqual(theme.spectrogramColor(level: .nan), theme.spectrogram.first)
    }

    func testApproximationForSmallerPalettes() {
        let orange = ThemeColor.rgb(red: 255, green: 135, blue: 0)
        XCTAssertEqual(orange.approximated(colorCount: 1 << 24), orange)
        XCTAssertEqual(orange.approximated(colorCount: 256), .indexed(208))  // xterm 208 is #ff8700
        XCTAssertEqual(ThemeColor.rgb(red: 128, green: 128, blue: 128).approximated(colorCount: 256), .indexed(244))
        XCTAssertEqual(ThemeColor.indexed(196).approximated(colorCount: 16), .ansi(9))
        XCTAssertEqual(ThemeColor.ansi(9).approximated(colorCount: 8), .ansi(1))
        XCTAssertEqual(ThemeColor.ansi(9).approximated(colorCount: 16), .ansi(9))
        XCTAssertEqual(ThemeColor.terminalDefault.approximated(colorCount: 8), .terminalDefault)
        XCTAssertEqual(ThemeColor.indexed(232).rgbValue?.red, 8)
        XCTAssertEqual(ThemeColor.indexed(16 + 36 * 5 + 6 * 2 + 1).rgbValue.map { [$0.red, $0.green, $0.blue] }, [255, 135, 95])
    }
}
