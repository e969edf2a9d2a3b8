import XCTest
@testable import StudioTUI

final class KeyMapTests: XCTestCase {
    private let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testKeyNamesRoundTrip() {
        let names = ["q", "?", "[", "A", "*", "^A", "^L", "^Z", "space", "tab", "enter", "escape", "backspace", "delete",
                     "insert", "up", "down", "left", "right", "home", "end", "page_up", "page_down", "back_tab", "F1", "F12"]
        for name in names {
            guard let key = Key(name: name) else { return XCTFail("\(name) is not read") }
            XCTAssertEqual(key.name, name)
            XCTAssertEqual(Key(name: key.name), key)
        }
        XCTAssertEqual(Key(name: "^l"), Key(name: "^L"))
        XCTAssertEqual(Key(name: "é"), .character("é"))
        XCTAssertEqual(Key(name: "^"), .character("^"))
        for bad in ["", "ab", "^1x", "F0", "F25", "shift-a", " "] { XCTAssertNil(Key(name: bad), bad) }
    }

    func testTerminalAliasesAreFolded() {
        XCTAssertEqual(Key.character("\u{7F}").normalized, .special(.backspace))
        XCTAssertEqual(Key.character("\u{08}").normalized, .special(.backspace))
        XCTAssertEqual(Key.character("\r").normalized, .enter)
    }

    func testDefaultKeyFileIsTheCompiledInCopyAndHasNoBadLines() throws {
        let file = try String(contentsOf: repositoryRoot.appendingPathComponent("keys/default.keys"), encoding: .utf8)
        XCTAssertEqual(file, KeyMap.defaultKeyFile + "\n", "keys/default.keys and KeyMap+Defaults.swift differ")
        let parsed = KeyFile.parse(text: file, source: "keys/default.keys")
        XCTAssertEqual(parsed.errors, [])
        XCTAssertEqual(parsed.lines.count, KeyMap.defaults.bindings.count, "a key is bound twice in one context")
    }

    func testDefaultsCoverWhatTheStudioMustDoByKey() {
        let keys = KeyMap.defaults
        for (key, command) in [("g", "generate"), ("a", "generate-ab"), ("s", "cancel"), ("S", "skip"),
                               ("e", "edit prompt"), ("i", "edit image"), ("m", "toggle mode"), ("enter", "play"),
                               ("space", "pause"), ("v", "player-stop"), ("r", "toggle repeat"), ("right", "seek +1"),
                               ("t", "ab-switch"), ("f", "star"), ("T", "toggle theme"), ("q", "quit"), (":", "command")] {
            XCTAssertEqual(keys.command(for: Key(name: key)!, in: .main), command, key)
        }
        // common bindings apply in every context; a context's own binding wins.
        XCTAssertEqual(keys.command(for: .character("?"), in: .main), "help")
        XCTAssertEqual(keys.command(for: .character("?"), in: .help), "help")
        XCTAssertEqual(keys.command(for: .character("q"), in: .help), "help")
        XCTAssertNil(keys.command(for: .character("g"), in: .help))
    }

    func testUserFileAddsReplacesAndRemovesAndReportsBadLines() throws {
        let text = """
            # mine
            bind main x generate
            bind main g quit
            unbind main q
            bind main y generat
            play
            """
        let file = KeyFile.parse(text: text, source: "keys")
        XCTAssertEqual(file.lines.map(\.number), [2, 3, 4])
        XCTAssertEqual(file.errors.map(\.line), [5, 6])
        XCTAssertEqual(file.errors[1].description, "keys:6: \"play\" in a key file: key files hold only bind and unbind lines")
        var keys = KeyMap.defaults
        keys.apply(file)
        XCTAssertEqual(keys.command(for: .character("x"), in: .main), "generate")
        XCTAssertEqual(keys.command(for: .character("g"), in: .main), "quit")
        XCTAssertNil(keys.command(for: .character("q"), in: .main))
        XCTAssertEqual(keys.keys(for: "generate"), [.character("x")])
    }

    func testLoaderReadsTheUserFileOnTopOfTheDefaults() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let userFile = KeyMapLoader.userFile(environment: ["XDG_CONFIG_HOME": folder.path, "HOME": "/nowhere"])
        XCTAssertEqual(userFile?.path, folder.path + "/clipsonic/keys")
        XCTAssertEqual(KeyMapLoader.userFile(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/u"])?.path,
                       "/home/u/.config/clipsonic/keys")
        let loader = KeyMapLoader(userFile: userFile)
        XCTAssertEqual(loader.load().keyMap, KeyMap.defaults)
        XCTAssertEqual(loader.load(required: true).messages.count, 1)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("clipsonic"), withIntermediateDirectories: true)
        try "bind main z generate\nbind main nope quit\n".write(to: userFile!, atomically: true, encoding: .utf8)
        let result = loader.load()
        XCTAssertEqual(result.keyMap.command(for: .character("z"), in: .main), "generate")
        XCTAssertEqual(result.messages.count, 1)
        XCTAssertTrue(result.messages[0].contains(":2: unknown key name \"nope\""), result.messages[0])
    }
}
