/// GPT-2/CLIP's reversible map from UTF-8 bytes to printable Unicode characters
/// (`bytes_to_unicode` in OpenAI's tokenizer): printable Latin-1 bytes map to themselves, the
/// other 68 bytes to U+0100 and up, so that BPE symbols never contain whitespace or controls.
enum ByteLevelAlphabet {
    /// `scalars[b]` is the character standing for byte `b`, in the order CLIP's vocabulary lists them.
    static let scalars: [Unicode.Scalar] = {
        var map = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            let printable = (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b)
            if printable {
                map[b] = Unicode.Scalar(UInt32(b))!
            } else {
                map[b] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return map
    }()

    /// The 256 byte characters in vocabulary order: printable bytes first, then the remapped ones.
    static let vocabularyOrder: [Unicode.Scalar] = {
        let printable = (0..<256).filter { (0x21...0x7E).contains($0) || (0xA1...0xAC).contains($0) || (0xAE...0xFF).contains($0) }
        let rest = (0..<256).filter { !printable.contains($0) }
        return (printable + rest).map { scalars[$0] }
    }()
}
