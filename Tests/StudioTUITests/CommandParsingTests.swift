import Session
import XCTest
@testable import StudioTUI

final class CommandParsingTests: XCTestCase {
    func testSimpleCommands() throws {
        XCTAssertEqual(try StudioCommand.parse("generate"), .generate)
        XCTAssertEqual(try StudioCommand.parse("  generate-ab  "), .generateAB)
        XCTAssertEqual(try StudioCommand.parse("cancel"), .cancel)
        XCTAssertEqual(try StudioCommand.parse("skip"), .skip)
        XCTAssertEqual(try StudioCommand.parse("quit"), .quit)
        XCTAssertEqual(try StudioCommand.parse("ab-switch"), .abSwitch)
        XCTAssertEqual(try StudioCommand.parse("command"), .commandLine)
    }

    func testSetForms() throws {
        XCTAssertEqual(try StudioCommand.parse("set guidance=3.5"), .set(.guidance, .assign("3.5")))
        XCTAssertEqual(try StudioCommand.parse("set guidance+=0.5"), .set(.guidance, .increase("0.5")))
        XCTAssertEqual(try StudioCommand.parse("set steps -= 5"), .set(.steps, .decrease("5")))
        XCTAssertEqual(try StudioCommand.parse("set seed"), .set(.seed, .show))
        XCTAssertEqual(try StudioCommand.parse("set prior_guidance=2"), .set(.priorGuidance, .assign("2")))
    }

    func testSetKeepsTheRestOfTheLineAsTheValue() throws {
        XCTAssertEqual(try StudioCommand.parse("set prompt=rain on a tin roof"), .set(.prompt, .assign("rain on a tin roof")))
        XCTAssertEqual(try StudioCommand.parse("set prompt=\"a = b\""), .set(.prompt, .assign("a = b")))
        XCTAssertEqual(try StudioCommand.parse("set prompt=\"say \\\"hi\\\"\""), .set(.prompt, .assign("say \"hi\"")))
        XCTAssertEqual(try StudioCommand.parse("set negative="), .set(.negative, .assign("")))
    }

    func testToggleEditSelectSeekPrefer() throws {
        XCTAssertEqual(try StudioCommand.parse("toggle mode"), .toggle(.mode, backwards: false))
        XCTAssertEqual(try StudioCommand.parse("toggle mode -"), .toggle(.mode, backwards: true))
        XCTAssertEqual(try StudioCommand.parse("toggle seed-lock"), .toggle(.seedLock, backwards: false))
        XCTAssertEqual(try StudioCommand.parse("edit prompt"), .edit(.prompt))
        XCTAssertEqual(try StudioCommand.parse("select-take +1"), .selectTake(.relative(1)))
        XCTAssertEqual(try StudioCommand.parse("select-take -10"), .selectTake(.relative(-10)))
        XCTAssertEqual(try StudioCommand.parse("select-take 3"), .selectTake(.number(3)))
        XCTAssertEqual(try StudioCommand.parse("select-take last"), .selectTake(.last))
        XCTAssertEqual(try StudioCommand.parse("seek -1"), .seek(.relative(-1)))
        XCTAssertEqual(try StudioCommand.parse("seek +2.5"), .seek(.relative(2.5)))
        XCTAssertEqual(try StudioCommand.parse("seek 0"), .seek(.absolute(0)))
        XCTAssertEqual(try StudioCommand.parse("prefer B"), .prefer(.b))
        XCTAssertEqual(try StudioCommand.parse("prefer none"), .prefer(ABPreference.none))
        XCTAssertEqual(try StudioCommand.parse("help-scroll +10"), .helpScroll(10))
    }

    func testBindAndUnbind() throws {
        XCTAssertEqual(try StudioCommand.parse("bind main x set steps+=5"),
                       .bind(KeyBinding(context: .main, key: .character("x"), command: "set steps+=5")))
        XCTAssertEqual(try StudioCommand.parse("bind common ^L redraw"),
                       .bind(KeyBinding(context: .common, key: .character("\u{0C}"), command: "redraw")))
        XCTAssertEqual(try StudioCommand.parse("unbind main space"), .unbind(.main, .space))
    }

    func testErrorsSayWhatToType() {
        XCTAssertThrowsError(try StudioCommand.parse("")) { XCTAssertEqual($0 as? CommandError, .empty) }
        XCTAssertThrowsError(try StudioCommand.parse("generat")) {
            XCTAssertEqual($0 as? CommandError, .unknownCommand(name: "generat", suggestion: "generate"))
            XCTAssertTrue("\($0)".contains("did you mean \"generate\""))
        }
        XCTAssertThrowsError(try StudioCommand.parse("set guidence=3")) {
            XCTAssertEqual($0 as? CommandError, .unknownOption(name: "guidence", suggestion: "guidance"))
        }
        XCTAssertThrowsError(try StudioCommand.parse("generate now")) {
            XCTAssertEqual($0 as? CommandError, .usage(command: "generate", usage: "generate"))
        }
        XCTAssertThrowsError(try StudioCommand.parse("toggle steps")) {
            XCTAssertEqual($0 as? CommandError, .notToggleable(option: "steps"))
        }
        XCTAssertThrowsError(try StudioCommand.parse("seek forward"))
        XCTAssertThrowsError(try StudioCommand.parse("select-take 0"))
        XCTAssertThrowsError(try StudioCommand.parse("prefer c"))
        XCTAssertThrowsError(try StudioCommand.parse("rate 6"))
        XCTAssertThrowsError(try StudioCommand.parse("pick 9"))
        XCTAssertEqual(try StudioCommand.parse("pick 0"), .pick(0))
        XCTAssertThrowsError(try StudioCommand.parse("rate lots"))
        XCTAssertThrowsError(try StudioCommand.parse("delete all"))
        XCTAssertEqual(try StudioCommand.parse("rate -1"), .rate(.relative(-1)))
        XCTAssertEqual(try StudioCommand.parse("note  \"two  spaces\" "), .note("two  spaces"))
        XCTAssertEqual(try StudioCommand.parse("note"), .note(""))
        XCTAssertEqual(try StudioCommand.parse("export! \"my take.flac\""), .export(path: "my take.flac", replacing: true))
        XCTAssertThrowsError(try StudioCommand.parse("export"))
        XCTAssertThrowsError(try StudioCommand.parse("bind nowhere x quit")) {
            XCTAssertEqual($0 as? CommandError, .unknownContext(name: "nowhere"))
        }
        XCTAssertThrowsError(try StudioCommand.parse("bind main shift-x quit")) {
            XCTAssertEqual($0 as? CommandError, .unknownKey(name: "shift-x"))
        }
        // A binding to a command that cannot run is refused when it is read.
        XCTAssertThrowsError(try StudioCommand.parse("bind main x generat")) {
            XCTAssertEqual($0 as? CommandError, .unknownCommand(name: "generat", suggestion: "generate"))
        }
    }

    func testEveryCatalogCommandParsesFromItsUsage() {
        // The first alternative of each usage, with placeholders filled in.
        let samples = ["generate", "generate-ab", "generate-variations", "pick 1", "vary", "cancel", "skip", "set steps=5", "toggle repeat", "edit prompt",
                       "new-seed", "restore", "select-take +1", "star", "delete", "undo", "rate 3", "note keep this",
                       "edit-note", "filter dogs", "edit-filter", "search a bell", "edit-search", "find-next", "find-previous", "export out.wav", "play", "pause", "player-stop", "seek +1",
                       "ab-switch", "prefer a", "help", "help-scroll +1", "redraw", "command", "quit",
                       "bind main x quit", "unbind main x"]
        XCTAssertEqual(samples.map { $0.split(separator: " ")[0] }.map(String.init), CommandInfo.all.map(\.name))
        for sample in samples { XCTAssertNoThrow(try StudioCommand.parse(sample), sample) }
    }
}
