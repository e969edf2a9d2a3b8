import Models
import Foundation
@testable import StudioTUI
import XCTest

/// Key files, command lines and themes are read in one pass with a limit on each file and line,
/// so a huge input is refused or read quickly instead of stalling (or crashing) the studio
/// (issue 17, finding 5). Sizes and results are checked, not times.
final class InputLimitTests: XCTestCase {
    func testAKeyFileLineOverTheLimitIsSkippedNamingTheFileTheLineAndTheLimit() {
        let huge = "bind main g " + String(repeating: "x", count: 10 << 20)
        let file = KeyFile.parse(text: "# mine\n" + huge + "\nbind main z generate\n", source: "/home/u/keys")
        XCTAssertEqual(file.lines.map(\.number), [3])
        XCTAssertEqual(file.errors.map(\.description),
                       ["/home/u/keys:2: the line is \(huge.utf8.count) bytes long; the limit is 4096 bytes: shorten it"])
    }

    func testAKeyFileOfLongUnknownCommandsUnderTheLimitsParsesWithoutSuggestions() {
        let name = String(repeating: "generat", count: 580)
        let text = String(repeating: "bind main g \(name)\n", count: KeyFile.maximumSize / 4096)
        XCTAssertLessThanOrEqual(text.utf8.count, KeyFile.maximumSize)
        let file = KeyFile.parse(text: text, source: "keys")
        XCTAssertEqual(file.errors.count, 64)
        XCTAssertEqual(file.errors.first?.error, .unknownCommand(name: name, suggestion: nil))
    }

    func testBindingsDoNotNest() {
        XCTAssertThrowsError(try StudioCommand.parse("bind main g bind main h generate")) {
            XCTAssertEqual($0 as? CommandError, .nestedBinding)
        }
        XCTAssertThrowsError(try StudioCommand.parse("bind main g unbind main h")) {
            XCTAssertEqual($0 as? CommandError, .nestedBinding)
        }
        // Nesting that used to recurse once per binding, under and over the length limit.
        let deep = String(repeating: "bind main g ", count: 300) + "generate"
        XCTAssertThrowsError(try StudioCommand.parse(deep)) { XCTAssertEqual($0 as? CommandError, .nestedBinding) }
        let deeper = String(repeating: "bind main g ", count: 5000) + "generate"
        let file = KeyFile.parse(text: deeper, source: "keys")
        XCTAssertEqual(file.errors.map(\.error), [.tooLong(length: deeper.utf8.count, limit: StudioCommand.maximumLength)])
    }

    func testACommandLineOverTheLimitIsRefused() {
        let line = "set prompt=" + String(repeating: "rain ", count: 2 << 20)
        XCTAssertThrowsError(try StudioCommand.parse(line)) {
            XCTAssertEqual($0 as? CommandError, .tooLong(length: line.utf8.count, limit: 4096))
        }
        let longest = "set prompt=" + String(repeating: "r", count: StudioCommand.maximumLength - 11)
        XCTAssertEqual(try StudioCommand.parse(longest), .set(.prompt, .assign(String(longest.dropFirst(11)))))
    }

    func testALongUnknownNameGetsNoSuggestionAndShortOnesStillDo() {
        XCTAssertNil(NameSuggestion.closest(to: String(repeating: "g", count: 4000), among: CommandInfo.all.map(\.name)))
        XCTAssertEqual(NameSuggestion.closest(to: "genrate", among: CommandInfo.all.map(\.name)), "generate")
        XCTAssertNil(Theme.closestKey(to: String(repeating: "k", count: 1000)))
        XCTAssertEqual(Theme.closestKey(to: "accnt"), "accent")
    }

    func testAThemeFileOrLineOverTheLimitIsRefusedNamingTheLimit() {
        let longKey = String(repeating: "k", count: 500_000) + " = red\n"
        XCTAssertThrowsError(try Theme.parse(data: Array(longKey.utf8), source: "big.theme")) {
            XCTAssertEqual("\($0)", "big.theme: \(longKey.utf8.count) bytes; a theme file is at most 65536 bytes")
        }
        XCTAssertThrowsError(try Theme.parse(text: themeText() + longKey, source: "big.theme")) {
            XCTAssertEqual($0 as? ThemeError, .lineTooLong(source: "big.theme", line: 14, length: longKey.utf8.count - 1,
                                                           limit: 1024))
            XCTAssertEqual(($0 as? ThemeError)?.line, 14)
        }
        let unknown = String(repeating: "k", count: 1000)
        XCTAssertThrowsError(try Theme.parse(text: "\(unknown) = red\n", source: "t.theme")) {
            XCTAssertEqual($0 as? ThemeError, .unknownKey(source: "t.theme", line: 1, key: unknown, suggestion: nil))
        }
    }

    func testLoadersRefuseFilesOverTheLimit() throws {
        let folder = try makeThemeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = Data(repeating: 0x23, count: 1 << 20)
        let theme = folder.appendingPathComponent("big.theme")
        try big.write(to: theme)
        XCTAssertEqual(ThemeLoader(folders: [folder]).load(named: "big").messages,
                       ["cannot read \(theme.path): it is larger than the 64 KiB limit for this kind of file; "
                        + "using the built-in theme"])
        let keys = folder.appendingPathComponent("keys")
        try big.write(to: keys)
        XCTAssertEqual(KeyMapLoader(userFile: keys).load().messages,
                       ["cannot read the key file \(keys.path): it is larger than the 256 KiB limit for this kind of file; "
                        + "using the default keys"])
    }

    func testWrappingAHugeMessageStopsAtTheRowsShown() {
        let word = String(repeating: "x", count: 1 << 20)
        XCTAssertEqual(MainView.wrap("error: " + word, width: 100, maximumLines: 3),
                       ["error:", String(repeating: "x", count: 100), String(repeating: "x", count: 100)])
        XCTAssertEqual(MainView.wrap("界界", width: 1), ["界", "界"], "a character wider than the line gets its own")
    }

    func testAHugeStatusMessageIsCutOnce() throws {
        let h = try StudioHarness(generator: nil)
        h.studio.execute("set prompt=" + String(repeating: "x", count: 4000))
        XCTAssertEqual(h.status.count, Studio.maximumMessageLength + 1)
        XCTAssertTrue(h.status.hasPrefix("prompt = xxx"), h.status)
        XCTAssertTrue(h.screen(rows: 30, cols: 80).text(row: 29).hasPrefix(" xxxx"))
    }
}
