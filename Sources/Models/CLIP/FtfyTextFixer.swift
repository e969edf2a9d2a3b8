/// The part of ftfy 6's `fix_text` (default settings) that applies to text typed as a prompt,
/// as OpenAI CLIP's `basic_clean` calls it.
///
/// Implemented, in ftfy's order, repeated until nothing changes, one line at a time:
/// `unescape_html` (skipped from the first line that contains `<` on), `fix_c1_controls`,
/// `fix_latin_ligatures`, `fix_character_width`, `uncurl_quotes`, `fix_line_breaks`,
/// `remove_terminal_escapes`, `remove_control_chars`, then NFC normalisation.
///
/// Not implemented: `fix_encoding` and its helpers (`restore_byte_a0`, `replace_lossy_sequences`,
/// `decode_inconsistent_utf8`), ftfy's heuristic repair of mojibake such as "cafÃ©" -> "café".
/// Prompts with mojibake therefore keep it; clean text is never touched by that step in ftfy
/// either. `fix_surrogates` has nothing to do on Swift strings, which hold no lone surrogates.
enum FtfyTextFixer {
    static func fixText(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        var unescapeHTML = true
        var start = 0
        while start < text.count {
            var end = start
            while end < text.count, text[end] != "\n" { end += 1 }
            end = Swift.min(end + 1, text.count)  // a segment keeps its line break
            let segment = Array(text[start..<end])
            // ftfy's "auto" HTML mode turns off for good at the first line that looks like markup.
            if unescapeHTML, segment.contains("<") { unescapeHTML = false }
            out.append(contentsOf: fixSegment(segment, unescapeHTML: unescapeHTML))
            start = end
        }
        return out
    }

    static func fixSegment(_ segment: [Unicode.Scalar], unescapeHTML: Bool) -> [Unicode.Scalar] {
        var text = segment
        while true {
            let original = text
            if unescapeHTML { text = HTMLUnescape.ftfy(text) }
            text = fixC1Controls(text)
            text = fixLatinLigatures(text)
            text = fixCharacterWidth(text)
            text = uncurlQuotes(text)
            text = fixLineBreaks(text)
            text = removeTerminalEscapes(text)
            text = removeControlChars(text)
            text = PythonText.nfc(text)
            if text == original { return text }
        }
    }

    static func fixC1Controls(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        text.map { (0x80...0x9F).contains($0.value) ? Windows1252.c1($0.value) : $0 }
    }

    static func fixLatinLigatures(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        for c in text {
            if let r = ligatures[c.value] { out.append(contentsOf: r.unicodeScalars) } else { out.append(c) }
        }
        return out
    }

    /// ftfy's LIGATURES: Latin typographic ligatures and legacy digraphs (not æ or œ, which are
    /// letters in their own right).
    private static let ligatures: [UInt32: String] = [
        0x0132: "IJ", 0x0133: "ij", 0x0149: "\u{02BC}n",
        0x01F1: "DZ", 0x01F2: "Dz", 0x01F3: "dz",
        0x01C4: "D\u{017D}", 0x01C5: "D\u{017E}", 0x01C6: "d\u{017E}",
        0x01C7: "LJ", 0x01C8: "Lj", 0x01C9: "lj",
        0x01CA: "NJ", 0x01CB: "Nj", 0x01CC: "nj",
        0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl",
        0xFB05: "\u{017F}t", 0xFB06: "st",
    ]

    /// Full- and half-width forms (U+FF01...U+FFEF) to their NFKC equivalents, and the
    /// ideographic space to a plain space.
    static func fixCharacterWidth(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        for c in text {
            if c.value == 0x3000 {
                out.append(" ")
            } else if (0xFF01...0xFFEF).contains(c.value) {
                out.append(contentsOf: PythonText.nfkc(c))
            } else {
                out.append(c)
            }
        }
        return out
    }

    static func uncurlQuotes(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        text.map { c in
            switch c.value {
            case 0x02BC, 0x2018...0x201B: return "'"
            case 0x201C...0x201F: return "\""
            default: return c
            }
        }
    }

    static func fixLineBreaks(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == "\r" {
                out.append("\n")
                if i + 1 < text.count, text[i + 1] == "\n" { i += 1 }
            } else if c.value == 0x2028 || c.value == 0x2029 || c.value == 0x85 {
                out.append("\n")
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }

    /// Removes ANSI escapes `ESC [ (digit|;)* letter` (digits as Python's `\d`: any Nd).
    static func removeTerminalEscapes(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard text.contains("\u{1B}") else { return text }
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < text.count {
            if text[i] == "\u{1B}", i + 1 < text.count, text[i + 1] == "[" {
                var j = i + 2
                while j < text.count, text[j] == ";" || text[j].properties.numericType == .decimal { j += 1 }
                if j < text.count, text[j].isASCII, text[j].properties.isAlphabetic {
                    i = j + 1
                    continue
                }
            }
            out.append(text[i])
            i += 1
        }
        return out
    }

    /// Drops controls that are never meant in text: C0 except tab, LF, FF, CR; DEL; the
    /// deprecated Arabic format controls; the byte-order mark; interlinear annotation marks and
    /// the object replacement character.
    static func removeControlChars(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        text.filter { c in
            switch c.value {
            case 0x00...0x08, 0x0B, 0x0E...0x1F, 0x7F, 0x206A...0x206F, 0xFEFF, 0xFFF9...0xFFFC: return false
            default: return true
            }
        }
    }
}
