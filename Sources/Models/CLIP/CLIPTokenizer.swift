/// CLIP's byte-level BPE tokenizer: text -> ids framed by `<|startoftext|>` and `<|endoftext|>`,
/// truncated to the context length with the end token kept.
///
/// Matches OpenAI CLIP's `simple_tokenizer.py` (with `cleaning: .openAI`) and Hugging Face
/// transformers 5.x `CLIPTokenizer` (with `cleaning: .huggingFace`); both share the vocabulary
/// (256 byte symbols, the same with `</w>`, the merges, then the two special tokens) and the BPE.
/// Build one with `CLIPTokenizer.parse(merges:...)` or `CLIPTokenizer(contentsOf:...)`.
public struct CLIPTokenizer: Sendable {
    public let cleaning: CLIPTextCleaning
    public let contextLength: Int
    public let startToken: Int
    public let endToken: Int
    public let vocabularySize: Int

    /// Vocabulary id of each symbol string.
    let encoder: [String: Int]
    /// (left id, right id) -> (merge rank, id of the merged symbol).
    let merges: [UInt64: (rank: Int, merged: Int)]
    /// Id of the single-byte symbol for each byte, and of the same symbol with `</w>`.
    let byteIds: [Int]
    let byteEndIds: [Int]

    /// Ids of `text` with start and end tokens, at most `contextLength` of them; unpadded.
    public func encode(_ text: String) -> [Int] {
        var ids = [startToken]
        ids.append(contentsOf: encodeBody(Array(text.unicodeScalars)))
        if ids.count + 1 > contextLength { ids.removeSubrange((contextLength - 1)...) }
        ids.append(endToken)
        return ids
    }

    /// `encode(text)` padded to `contextLength` with `padToken`, and the attention mask
    /// (1 for real tokens). Hugging Face pads CLIP with `<|endoftext|>` (49407), OpenAI with 0;
    /// the text tower's causal mask makes its pooled output independent of the choice.
    public func encodePadded(_ text: String, padToken: Int? = nil) -> (ids: [Int], mask: [Int]) {
        let ids = encode(text)
        let pad = contextLength - ids.count
        return (ids + Array(repeating: padToken ?? endToken, count: pad),
                Array(repeating: 1, count: ids.count) + Array(repeating: 0, count: pad))
    }

    /// Ids of the cleaned, pre-tokenised text without special framing or truncation.
    func encodeBody(_ text: [Unicode.Scalar]) -> [Int] {
        var ids: [Int] = []
        switch cleaning {
        case .openAI:
            for piece in CLIPPreTokenizer.split(cleaning.clean(text)) { append(piece, asSpecial: true, to: &ids) }
        case .huggingFace:
            // Special tokens are found in the raw text first, as `tokenizers` does for added tokens.
            for part in CLIPPreTokenizer.splitSpecialTokens(text) {
                switch part {
                case .special: append(part, asSpecial: true, to: &ids)
                case .word(let run):
                    for piece in CLIPPreTokenizer.split(cleaning.clean(run)) { append(piece, asSpecial: false, to: &ids) }
                }
            }
        }
        return ids
    }

    private func append(_ piece: CLIPPreTokenizer.Piece, asSpecial: Bool, to ids: inout [Int]) {
        switch piece {
        case .special(let name):
            if asSpecial, let id = encoder[name] { ids.append(id) } else { ids.append(contentsOf: bpe(Array(name.unicodeScalars))) }
        case .word(let scalars):
            ids.append(contentsOf: bpe(scalars))
        }
    }

    /// Byte-level BPE of one piece: its UTF-8 bytes as symbols, `</w>` on the last, then the
    /// lowest-ranked adjacent pair merged everywhere it occurs, until no pair has a merge.
    func bpe(_ piece: [Unicode.Scalar]) -> [Int] {
        let bytes = Array(PythonText.string(piece).utf8)
        guard !bytes.isEmpty else { return [] }
        var word = bytes.map { byteIds[Int($0)] }
        word[word.count - 1] = byteEndIds[Int(bytes[bytes.count - 1])]
        while word.count > 1 {
            var best: (rank: Int, merged: Int, left: Int, right: Int)?
            for i in 0..<(word.count - 1) {
                if let m = merges[Self.pairKey(word[i], word[i + 1])], m.rank < (best?.rank ?? Int.max) {
                    best = (m.rank, m.merged, word[i], word[i + 1])
                }
            }
            guard let b = best else { break }
            var merged: [Int] = []
            merged.reserveCapacity(word.count)
            var i = 0
            while i < word.count {
                if i + 1 < word.count, word[i] == b.left, word[i + 1] == b.right {
                    merged.append(b.merged); i += 2
                } else {
                    merged.append(word[i]); i += 1
                }
            }
            word = merged
        }
        return word
    }

    static func pairKey(_ a: Int, _ b: Int) -> UInt64 { UInt64(a) << 32 | UInt64(b) }
}
