/// Splits cleaned text into the pieces that BPE encodes one by one, as CLIP's pattern does:
/// `<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+`
/// (ordered alternation, tried at each position; whitespace between pieces is dropped).
enum CLIPPreTokenizer {
    enum Piece: Equatable {
        /// `<|startoftext|>` or `<|endoftext|>` written in the text.
        case special(String)
        case word([Unicode.Scalar])
    }

    static let specialTokens = ["<|startoftext|>", "<|endoftext|>"]
    private static let specialScalars = specialTokens.map { Array($0.unicodeScalars) }
    private static let contractions: [[Unicode.Scalar]] =
        ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"].map { Array($0.unicodeScalars) }

    static func split(_ text: [Unicode.Scalar]) -> [Piece] {
        var pieces: [Piece] = []
        var i = 0
        next: while i < text.count {
            for (k, s) in specialScalars.enumerated() where hasPrefix(text, s, at: i) {
                pieces.append(.special(specialTokens[k]))
                i += s.count
                continue next
            }
            for s in contractions where hasPrefix(text, s, at: i) {
                pieces.append(.word(s))
                i += s.count
                continue next
            }
            let c = text[i]
            if isLetter(c) {
                var j = i + 1
                while j < text.count, isLetter(text[j]) { j += 1 }
                pieces.append(.word(Array(text[i..<j])))
                i = j
            } else if isNumber(c) {
                pieces.append(.word([c]))  // digits are single pieces
                i += 1
            } else if !c.properties.isWhitespace {
                var j = i + 1
                while j < text.count, isOther(text[j]) { j += 1 }
                pieces.append(.word(Array(text[i..<j])))
                i = j
            } else {
                i += 1
            }
        }
        return pieces
    }

    /// Positions of special-token strings in raw text, as Hugging Face's added-token split finds
    /// them before normalisation: returns the text between them and the tokens themselves.
    static func splitSpecialTokens(_ text: [Unicode.Scalar]) -> [Piece] {
        var out: [Piece] = []
        var run: [Unicode.Scalar] = []
        var i = 0
        next: while i < text.count {
            for (k, s) in specialScalars.enumerated() where hasPrefix(text, s, at: i) {
                if !run.isEmpty { out.append(.word(run)); run = [] }
                out.append(.special(specialTokens[k]))
                i += s.count
                continue next
            }
            run.append(text[i])
            i += 1
        }
        if !run.isEmpty { out.append(.word(run)) }
        return out
    }

    private static func hasPrefix(_ text: [Unicode.Scalar], _ p: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + p.count <= text.count else { return false }
        for k in 0..<p.count where text[i + k] != p[k] { return false }
        return true
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return (c.value | 0x20) >= 0x61 && (c.value | 0x20) <= 0x7A }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isNumber(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return c.value >= 0x30 && c.value <= 0x39 }
        switch c.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    private static func isOther(_ c: Unicode.Scalar) -> Bool {
        !isLetter(c) && !isNumber(c) && !c.properties.isWhitespace
    }
}
