/// The input line's text and cursor (in characters), with the usual keys: printable characters
/// insert, Backspace/Delete, Left/Right, Home/End (^A/^E), ^U clears to the start, ^K to the end,
/// ^W deletes the word before the cursor. Enter and Escape are the caller's.
public struct LineEditor: Sendable, Equatable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int

    public init(text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    /// Applies an editing key; returns false for keys it does not edit with.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key.normalized {
        case .special(.left): cursor = max(cursor - 1, 0)
        case .special(.right): cursor = min(cursor + 1, characters.count)
        case .special(.home), .character("\u{01}"): cursor = 0
        case .special(.end), .character("\u{05}"): cursor = characters.count
        case .special(.backspace):
            if cursor > 0 { characters.remove(at: cursor - 1); cursor -= 1 }
        case .special(.delete), .character("\u{04}"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .character("\u{15}"):
            characters.removeFirst(cursor); cursor = 0
        case .character("\u{0B}"):
            characters.removeLast(characters.count - cursor)
        case .character("\u{17}"):
            var start = cursor
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor); cursor = start
        case .character(let scalar) where scalar.value >= 0x20 && scalar.value != 0x7F:
            characters.insert(Character(scalar), at: cursor); cursor += 1
        default:
            return false
        }
        return true
    }

    /// What to show in `width` columns: the text scrolled so the cursor is visible, and the
    /// cursor's column within it.
    public func visible(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 1 else { return ("", 0) }
        let before = String(characters[..<cursor])
        let after = String(characters[cursor...])
        let shownBefore = DisplayWidth.tail(before, width: width - 1)
        let column = DisplayWidth.of(shownBefore)
        return (shownBefore + DisplayWidth.truncate(after, toWidth: width - column, ellipsis: false), column)
    }
}
