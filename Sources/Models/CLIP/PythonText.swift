import Foundation

/// Python `str` operations that CLIP's reference tokenizer relies on, over Unicode scalars
/// (Python strings index code points, as `[Unicode.Scalar]` does).
enum PythonText {
    /// `str.isspace()`: Unicode White_Space plus the information separators U+001C...U+001F,
    /// which Python counts as whitespace (bidirectional class B or S) and Unicode does not.
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        (0x1C...0x1F).contains(c.value) || c.properties.isWhitespace
    }

    /// `" ".join(text.split())`: runs of `str.isspace` characters become one space, ends trimmed.
    static func collapseWhitespace(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        var pendingSpace = false
        for c in text {
            if isSpace(c) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(c)
            }
        }
        return out
    }

    /// `str.lower()`: full lower-case mappings (İ -> i̇), with Greek capital sigma becoming final
    /// sigma at the end of a word, as CPython's `handle_capital_sigma` decides it.
    static func lower(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        for (i, c) in text.enumerated() {
            if c.value == 0x03A3 {
                out.append(isFinalSigma(text, at: i) ? "\u{03C2}" : "\u{03C3}")
            } else if c.isASCII {
                out.append(c.value >= 0x41 && c.value <= 0x5A ? Unicode.Scalar(c.value + 32)! : c)
            } else {
                out.append(contentsOf: c.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return out
    }

    /// Lower-cases one scalar at a time with no context, as Rust's `char::to_lowercase` does inside
    /// Hugging Face `tokenizers`' Lowercase normalizer (so Σ always becomes σ).
    static func lowerWithoutContext(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        for c in text {
            if c.isASCII {
                out.append(c.value >= 0x41 && c.value <= 0x5A ? Unicode.Scalar(c.value + 32)! : c)
            } else {
                out.append(contentsOf: c.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return out
    }

    /// Final_Sigma: a cased letter before (skipping case-ignorables) and none after.
    private static func isFinalSigma(_ text: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i - 1
        while j >= 0, text[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0, text[j].properties.isCased else { return false }
        var k = i + 1
        while k < text.count, text[k].properties.isCaseIgnorable { k += 1 }
        return k == text.count || !text[k].properties.isCased
    }

    /// Unicode canonical composition (NFC), as `unicodedata.normalize("NFC", s)`.
    static func nfc(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        if text.allSatisfy({ $0.value < 0x300 }) { return text }  // nothing to compose below U+0300
        return Array(string(text).precomposedStringWithCanonicalMapping.unicodeScalars)
    }

    /// Compatibility composition (NFKC) of one scalar.
    static func nfkc(_ c: Unicode.Scalar) -> [Unicode.Scalar] {
        Array(String(Character(c)).precomposedStringWithCompatibilityMapping.unicodeScalars)
    }

    static func string(_ scalars: [Unicode.Scalar]) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
