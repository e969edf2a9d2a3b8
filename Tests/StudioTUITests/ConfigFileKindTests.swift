import Foundation
@testable import StudioTUI
import FileTestSupport
import XCTest

/// A theme or key file name that is a FIFO is refused at once rather than waited on forever
/// (issue 17, finding 4).
final class ConfigFileKindTests: XCTestCase {
    func testAThemeThatIsAFIFOGivesTheBuiltInThemeAndAMessage() throws {
        let folder = try makeThemeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.theme")
        XCTAssertTrue(makeFIFO(fifo))
        let messages = outcome(releasing: fifo) {
            ThemeLoader(folders: [folder]).load(named: "pipe").messages.joined(separator: "|")
        }
        XCTAssertEqual(messages, "cannot read \(fifo.path): it is a named pipe (FIFO), not a regular file; give the path "
                       + "of a file; using the built-in theme")
    }

    func testAKeyFileThatIsAFIFOGivesTheDefaultKeysAndAMessage() throws {
        let folder = try makeThemeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("keys")
        XCTAssertTrue(makeFIFO(fifo))
        let messages = outcome(releasing: fifo) {
            KeyMapLoader(userFile: fifo).load(required: true).messages.joined(separator: "|")
        }
        XCTAssertEqual(messages, "cannot read the key file \(fifo.path): it is a named pipe (FIFO), not a regular file; "
                       + "give the path of a file; using the default keys")
    }

    func testAKeyFileThatIsAFolderIsRefused() throws {
        let folder = try makeThemeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = KeyMapLoader(userFile: folder).load()
        XCTAssertEqual(result.keyMap, KeyMap.defaults)
        XCTAssertEqual(result.messages, ["cannot read the key file \(folder.path): it is a folder, not a regular file; "
                                         + "give the path of a file; using the default keys"])
    }
}
