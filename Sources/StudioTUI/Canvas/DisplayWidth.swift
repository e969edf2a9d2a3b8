import CNcursesw

/// Terminal column widths of text, as the terminal's `wcwidth` counts them (a UTF-8 locale must
/// be set for wide characters to count 2).
public enum DisplayWidth {
    /// Columns a character takes: 0 for combining marks and controls, 2 for wide (CJK, most emoji).
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.value < 0x20 || first.value == 0x7f { return 0 }
        if first.isASCII { return 1 }
        let width = Int(cs_wcwidth(first.value))
        return width < 0 ? 1 : width
    }

    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    /// The longest prefix of `text` that fits in `width` columns; "…" replaces the cut-off part
    /// when `ellipsis` is true and something was cut.
    public static func truncate(_ text: String, toWidth width: Int, ellipsis: Bool = true) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let budget = ellipsis ? width - 1 : width
        var result = ""
        var used = 0
        for character in text {
            let w = of(character)
            if used + w > budget { break }
            result.append(character)
            used += w
        }
        return ellipsis ? result + "…" : result
    }

    /// `text` truncated or padded with spaces to exactly `width` columns.
    public static func pad(_ text: String, toWidth width: Int) -> String {
        let cut = truncate(text, toWidth: width)
        return cut + String(repeating: " ", count: max(width - of(cut), 0))
    }

    /// The last `width` columns of `text` (for an input line that scrolls to keep the cursor in view).
    public static func tail(_ text: String, width: Int) -> String {
        var result = ""
        var used = 0
        for character in text.reversed() {
            let w = of(character)
            if used + w > width { break }
            result.insert(character, at: result.startIndex)
            used += w
        }
        return result
    }
}
