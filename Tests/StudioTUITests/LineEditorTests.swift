import XCTest
@testable import StudioTUI

final class LineEditorTests: XCTestCase {
    private func type(_ text: String, into editor: inout LineEditor) {
        for scalar in text.unicodeScalars { editor.handle(.character(scalar)) }
    }

    func testTypingAndMovingAndDeleting() {
        var editor = LineEditor(text: "rain")
        XCTAssertEqual(editor.cursor, 4)
        type(" roof", into: &editor)
        for _ in 0..<5 { editor.handle(.special(.left)) }
        type(" on a", into: &editor)
        XCTAssertEqual(editor.text, "rain on a roof")
        editor.handle(.special(.home))
        editor.handle(.special(.delete))
        XCTAssertEqual(editor.text, "ain on a roof")
        editor.handle(.special(.end))
        editor.handle(.character("\u{7F}"))
        XCTAssertEqual(editor.text, "ain on a roo")
        editor.handle(.character("\u{17}"))
        XCTAssertEqual(editor.text, "ain on a ")
        editor.handle(.character("\u{01}"))
        editor.handle(.character("\u{0B}"))
        XCTAssertEqual(editor.text, "")
        XCTAssertFalse(editor.handle(.special(.up)))
        XCTAssertFalse(editor.handle(.character("\u{1B}")))
    }

    func testVisibleTextScrollsToKeepTheCursorInView() {
        var editor = LineEditor(text: String(repeating: "x", count: 30) + "end")
        let shown = editor.visible(width: 10)
        XCTAssertEqual(shown.text, "xxxxxxend")
        XCTAssertEqual(shown.cursorColumn, 9)
        editor.handle(.special(.home))
        XCTAssertEqual(editor.visible(width: 10).cursorColumn, 0)
        XCTAssertEqual(editor.visible(width: 10).text, "xxxxxxxxxx")
    }
}
