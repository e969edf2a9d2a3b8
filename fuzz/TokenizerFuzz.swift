// libFuzzer entry point for the CLIP BPE tokenizer (built by fuzz/run.sh against the package's
// modules). An input starting with byte 0 is a merges file to parse; any other input is a prompt
// (the rest of the bytes, as the studio gets them: any UTF-8, invalid sequences repaired) to
// clean and encode with OpenAI's vocabulary, read once from $CLIPSONIC_FUZZ_VOCAB.
import Foundation
import Models

private let tokenizer: CLIPTokenizer? = {
    let path = ProcessInfo.processInfo.environment["CLIPSONIC_FUZZ_VOCAB"] ?? "models/vocab/bpe_simple_vocab_16e6.txt"
    do { return try CLIPTokenizer(contentsOf: URL(fileURLWithPath: path)) } catch {
        fatalError("fuzz harness: cannot read the vocabulary: \(error); set CLIPSONIC_FUZZ_VOCAB")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func tokenizerFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    guard let first = bytes.first else { return 0 }
    if first == 0 {
        if let parsed = try? CLIPTokenizer.parse(merges: Array(bytes.dropFirst()), source: "fuzz/merges.txt",
                                                 vocabularySize: 1024, contextLength: 16) {
            _ = parsed.encode("a photo of rain")
        }
        return 0
    }
    guard let tokenizer else { return 0 }
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    let ids = tokenizer.encode(text)
    guard ids.count <= tokenizer.contextLength, ids.allSatisfy({ (0..<CLIPTokenizer.openAIVocabularySize).contains($0) }) else {
        fatalError("encode gave \(ids.count) ids (context \(tokenizer.contextLength)) or an id outside the vocabulary")
    }
    let padded = tokenizer.encodePadded(text)
    guard padded.ids.count == tokenizer.contextLength, padded.mask.count == tokenizer.contextLength else {
        fatalError("encodePadded gave \(padded.ids.count) ids and \(padded.mask.count) mask entries")
    }
    _ = tokenizer.truncation(of: text)
    return 0
}
