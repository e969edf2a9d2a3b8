/// HTML character-reference decoding with the exact rules of the two Python functions CLIP's
/// text cleaning calls: `html.unescape` (CPython 3.11 `html/__init__.py`) and ftfy 6's
/// `fixes.unescape_html`. Named references come from `HTMLEntities` (a subset of HTML5's list).
enum HTMLUnescape {
    // MARK: Python html.unescape

    /// `html.unescape(s)`: decodes `&#NNN;`, `&#xHHH;` and named references, semicolon optional
    /// for legacy names, with the longest legacy-name prefix rule (`&ampfoo` -> `&foo`).
    static func python(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard s.contains("&") else { return s }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            guard s[i] == "&", let (replacement, end) = pythonReference(s, at: i) else {
                out.append(s[i]); i += 1; continue
            }
            out.append(contentsOf: replacement)
            i = end
        }
        return out
    }

    /// Matches `&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)` at `i`; returns the
    /// replacement and the index after the match, or nil where the pattern does not match.
    private static func pythonReference(_ s: [Unicode.Scalar], at i: Int) -> ([Unicode.Scalar], Int)? {
        var j = i + 1
        guard j < s.count else { return nil }
        if s[j] == "#" {
            j += 1
            var radix: UInt32 = 10
            if j < s.count, isASCIIDigit(s[j]) {
                radix = 10
            } else if j + 1 < s.count, s[j] == "x" || s[j] == "X", hexValue(s[j + 1]) != nil {
                radix = 16; j += 1
            } else {
                return nil
            }
            var value: UInt32 = 0
            while j < s.count, let d = radix == 10 ? decimalValue(s[j]) : hexValue(s[j]) {
                // Saturate: anything above U+10FFFF decodes to U+FFFD whatever its size.
                value = value > 0x10FFFF ? value : value * radix + d
                j += 1
            }
            if j < s.count, s[j] == ";" { j += 1 }
            return (numericReference(value), j)
        }
        var name: [Unicode.Scalar] = []
        while j < s.count, name.count < 32, !"\t\n\u{0C} <&#;".unicodeScalars.contains(s[j]) {
            name.append(s[j]); j += 1
        }
        guard !name.isEmpty else { return nil }
        let semicolon = j < s.count && s[j] == ";"
        if semicolon { j += 1 }
        let key = PythonText.string(name)
        if semicolon, let v = HTMLEntities.named[key] { return (Array(v.unicodeScalars), j) }
        if !semicolon, HTMLEntities.legacy.contains(key), let v = HTMLEntities.named[key] {
            return (Array(v.unicodeScalars), j)
        }
        // Longest legacy name that prefixes the reference; the rest stays as text.
        let full = name + (semicolon ? [";"] : [])
        var x = full.count - 1
        while x > 1 {
            let prefix = PythonText.string(Array(full[0..<x]))
            if HTMLEntities.legacy.contains(prefix), let v = HTMLEntities.named[prefix] {
                return (Array(v.unicodeScalars) + full[x...], j)
            }
            x -= 1
        }
        return (["&"] + full, j)
    }

    /// CPython's `_replace_charref` for numeric references.
    static func numericReference(_ value: UInt32) -> [Unicode.Scalar] {
        if value == 0 { return ["\u{FFFD}"] }
        if value == 0x0D { return ["\r"] }
        if (0x80...0x9F).contains(value) { return [Windows1252.c1(value)] }
        if (0xD800...0xDFFF).contains(value) || value > 0x10FFFF { return ["\u{FFFD}"] }
        if isInvalidCodepoint(value) { return [] }
        return [Unicode.Scalar(value) ?? "\u{FFFD}"]
    }

    /// CPython's `_invalid_codepoints`: controls and noncharacters that decode to nothing.
    private static func isInvalidCodepoint(_ v: UInt32) -> Bool {
        (0x1...0x8).contains(v) || v == 0xB || (0xE...0x1F).contains(v) || (0x7F...0x9F).contains(v)
            || (0xFDD0...0xFDEF).contains(v) || (v & 0xFFFE) == 0xFFFE
    }

    // MARK: ftfy unescape_html

    /// ftfy's `unescape_html`: only `&#?[0-9A-Za-z]{1,24};` is considered; a named reference
    /// must end in a semicolon, and the upper-cased forms of lower-case names decode too
    /// (`&EACUTE;` -> `É`); a numeric one is kept only when `html.unescape` consumes all of it.
    static func ftfy(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard s.contains("&") else { return s }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            guard s[i] == "&", let end = ftfyMatchEnd(s, at: i) else {
                out.append(s[i]); i += 1; continue
            }
            let text = Array(s[i..<end])
            out.append(contentsOf: ftfyFixup(text))
            i = end
        }
        return out
    }

    /// End (after the `;`) of `&#?[0-9A-Za-z]{1,24};` starting at `i`, if it matches.
    private static func ftfyMatchEnd(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        func run(from start: Int) -> Int? {
            var j = start
            while j < s.count, j - start < 24, isASCIIAlnum(s[j]) { j += 1 }
            guard j > start, j < s.count, s[j] == ";" else { return nil }
            return j + 1
        }
        if i + 1 < s.count, s[i + 1] == "#", let end = run(from: i + 2) { return end }
        return run(from: i + 1)
    }

    private static func ftfyFixup(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        let name = PythonText.string(Array(text[1..<(text.count - 1)]))
        if let v = ftfyEntities[name] { return Array(v.unicodeScalars) }
        if text.count > 1, text[1] == "#" {
            let decoded = python(text)
            return decoded.contains(";") ? text : decoded
        }
        return text
    }

    /// ftfy's HTML_ENTITIES: every name with its semicolon, plus the upper-cased spelling of each
    /// all-lower-case name when `html.unescape` leaves that spelling alone.
    private static let ftfyEntities: [String: String] = {
        var table = HTMLEntities.named
        for (name, value) in HTMLEntities.named where name == name.lowercased() {
            let upper = name.uppercased()
            let reference = Array("&\(upper);".unicodeScalars)
            if python(reference) == reference, table[upper] == nil {
                table[upper] = PythonText.string(Array(value.unicodeScalars)).uppercased()
            }
        }
        return table
    }()

    private static func isASCIIDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
    private static func decimalValue(_ c: Unicode.Scalar) -> UInt32? { isASCIIDigit(c) ? c.value - 0x30 : nil }
    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 0x30...0x39: return c.value - 0x30
        case 0x41...0x46: return c.value - 0x41 + 10
        case 0x61...0x66: return c.value - 0x61 + 10
        default: return nil
        }
    }
    private static func isASCIIAlnum(_ c: Unicode.Scalar) -> Bool {
        isASCIIDigit(c) || (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x61 && c.value <= 0x7A)
    }
}
