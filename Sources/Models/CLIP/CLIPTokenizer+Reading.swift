import Foundation

extension CLIPTokenizer {
    /// CLIP's vocabulary size: 256 byte symbols, 256 with `</w>`, 48,894 merges, 2 special tokens.
    public static let openAIVocabularySize = 49_408
    /// OpenAI's merges file is under 2 MB; anything this big is not a merges file.
    public static let maximumMergesFileSize = 64 << 20

    /// Builds a tokenizer from the bytes of a BPE merges file: a header line (`#version: 0.2`,
    /// or OpenAI's `"bpe_simple_vocab_16e6.txt#version: 0.2`), then one merge a line ("a b").
    /// The first `vocabularySize - 514` merges are read; later lines are ignored, so CLIP's full
    /// `bpe_simple_vocab_16e6.txt`, its trimmed copy and Hugging Face's `merges.txt` all load.
    /// No I/O: `source` only names the file in errors.
    public static func parse(merges data: [UInt8], source: String,
                             vocabularySize: Int = openAIVocabularySize,
                             cleaning: CLIPTextCleaning = .openAI,
                             contextLength: Int = 77) throws(CLIPTokenizerError) -> CLIPTokenizer {
        let mergeCount = vocabularySize - 512 - 2
        guard mergeCount >= 0 else {
            throw .invalidSettings(source: source, reason: "vocabulary size \(vocabularySize) is below the 514 byte and special symbols")
        }
        guard contextLength >= 2 else {
            throw .invalidSettings(source: source, reason: "context length \(contextLength) leaves no room for the start and end tokens")
        }
        guard let text = String(validating: data, as: UTF8.self) else { throw .notUTF8(source: source) }
        var lines = text.split(separator: "\n", maxSplits: mergeCount + 1, omittingEmptySubsequences: false)
        guard let header = lines.first, header.contains("#version") else { throw .missingHeader(source: source) }
        lines.removeFirst()

        var vocabulary: [String] = []
        vocabulary.reserveCapacity(vocabularySize)
        for c in ByteLevelAlphabet.vocabularyOrder { vocabulary.append(String(Character(c))) }
        for c in ByteLevelAlphabet.vocabularyOrder { vocabulary.append(String(Character(c)) + "</w>") }
        var encoder: [String: Int] = [:]
        encoder.reserveCapacity(vocabularySize)
        for (i, s) in vocabulary.enumerated() { encoder[s] = i }

        var pairs: [(String, String)] = []
        pairs.reserveCapacity(mergeCount)
        for (n, raw) in lines.prefix(mergeCount).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                if line.isEmpty, n == lines.count - 1 { break }  // the file's final newline
                throw .malformedMerge(source: source, line: n + 2, text: String(line))
            }
            let a = String(parts[0]), b = String(parts[1])
            for s in [a, b] where encoder[s] == nil {
                throw .unknownSymbol(source: source, line: n + 2, symbol: s)
            }
            pairs.append((a, b))
            // Later entries win, as in Python's dict(zip(vocab, range(len(vocab)))).
            encoder[a + b] = 512 + n
        }
        guard pairs.count == mergeCount else {
            throw .tooFewMerges(source: source, found: pairs.count, needed: mergeCount)
        }
        let start = 512 + mergeCount, end = start + 1
        encoder["<|startoftext|>"] = start
        encoder["<|endoftext|>"] = end

        var merges: [UInt64: (rank: Int, merged: Int)] = [:]
        merges.reserveCapacity(mergeCount)
        for (rank, (a, b)) in pairs.enumerated() {
            // Symbols that are known: checked above. Force-free lookups keep the type total.
            guard let ia = encoder[a], let ib = encoder[b], let m = encoder[a + b] else { continue }
            let key = pairKey(ia, ib)
            if merges[key] == nil { merges[key] = (rank, m) }  // the first (lowest) rank wins
        }
        let byteIds = ByteLevelAlphabet.scalars.map { encoder[String(Character($0))] ?? 0 }
        let byteEndIds = ByteLevelAlphabet.scalars.map { encoder[String(Character($0)) + "</w>"] ?? 0 }
        return CLIPTokenizer(cleaning: cleaning, contextLength: contextLength, startToken: start,
                             endToken: end, vocabularySize: vocabularySize, encoder: encoder,
                             merges: merges, byteIds: byteIds, byteEndIds: byteEndIds)
    }

    /// Reads a merges file from disk and parses it (see `parse(merges:...)`).
    public init(contentsOf url: URL, vocabularySize: Int = openAIVocabularySize,
                cleaning: CLIPTextCleaning = .openAI, contextLength: Int = 77) throws(CLIPTokenizerError) {
        let data: Data
        do { data = try RegularFile.contents(url.path, limit: Self.maximumMergesFileSize) } catch {
            throw .unreadable(source: url.path, reason: error.reason)
        }
        self = try Self.parse(merges: [UInt8](data), source: url.path, vocabularySize: vocabularySize,
                              cleaning: cleaning, contextLength: contextLength)
    }
}
