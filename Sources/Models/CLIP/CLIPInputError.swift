/// Inputs a CLIP tower cannot take.
public enum CLIPInputError: Error, Equatable, CustomStringConvertible {
    case emptyBatch
    case sequenceLength(found: Int, max: Int)
    case raggedBatch(lengths: [Int])
    case tokenOutOfRange(id: Int, vocabularySize: Int)
    case noEndToken(row: Int, endToken: Int)
    case pixelShape(found: [Int], expected: [Int])

    public var description: String {
        switch self {
        case .emptyBatch: return "CLIP input: the batch is empty"
        case .sequenceLength(let found, let max):
            return "CLIP text: \(found) tokens, the model takes at most \(max); tokenize with the model's context length"
        case .raggedBatch(let lengths): return "CLIP text: rows have different lengths \(lengths); pad them to one length"
        case .tokenOutOfRange(let id, let size):
            return "CLIP text: token id \(id) is outside the vocabulary of \(size); the tokenizer does not match the model"
        case .noEndToken(let row, let end):
            return "CLIP text: row \(row) has no end token \(end) to pool at; encode text with CLIPTokenizer"
        case .pixelShape(let found, let expected):
            return "CLIP image: pixel values \(found), expected \(expected); preprocess with CLIPImagePreprocessor"
        }
    }
}
