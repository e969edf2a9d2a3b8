/// Why a CLIP merges file could not be turned into a tokenizer.
public enum CLIPTokenizerError: Error, Equatable, CustomStringConvertible {
    case unreadable(source: String, reason: String)
    case notUTF8(source: String)
    case missingHeader(source: String)
    case tooFewMerges(source: String, found: Int, needed: Int)
    case malformedMerge(source: String, line: Int, text: String)
    case unknownSymbol(source: String, line: Int, symbol: String)
    case invalidSettings(source: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let source, let reason):
            return "\(source): cannot read the BPE merges file (\(reason)); check the tokenizer path in the bundle"
        case .notUTF8(let source):
            return "\(source): the BPE merges file is not UTF-8 text; if it is gzip-compressed, decompress it (gunzip)"
        case .missingHeader(let source):
            return "\(source): the first line is not a BPE merges header ('#version: ...'); use CLIP's bpe_simple_vocab_16e6.txt or Hugging Face's merges.txt"
        case .tooFewMerges(let source, let found, let needed):
            return "\(source): has \(found) merges, the vocabulary needs \(needed); the file is truncated or belongs to another tokenizer"
        case .malformedMerge(let source, let line, let text):
            return "\(source) line \(line): expected two symbols separated by one space, got '\(text)'"
        case .unknownSymbol(let source, let line, let symbol):
            return "\(source) line \(line): symbol '\(symbol)' is neither a byte symbol nor the result of an earlier merge"
        case .invalidSettings(let source, let reason):
            return "\(source): \(reason)"
        }
    }
}
