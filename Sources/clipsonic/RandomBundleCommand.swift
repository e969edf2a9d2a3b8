import ArgumentParser
import Engine
import Foundation

/// `clipsonic random-bundle DIR`: a bundle with random weights, for tests and benchmarks.
struct RandomBundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "random-bundle",
        abstract: "Write a bundle with random weights (tiny: tests; full: CLIPSonic's real shapes, for benchmarks).")

    @Argument(help: "Folder to write.")
    var folder: String

    @Option(help: "tiny or full.")
    var size: String = "tiny"

    @Option(help: "CLIP BPE merges file to include.")
    var tokenizer: String = "models/vocab/bpe_simple_vocab_16e6.txt"

    @Option(help: "Seed of the random weights.")
    var seed: UInt64 = 0

    @Flag(help: "Include a random audio encoder (audio_encoder), for trying scores, --rank, search and --mode audio.")
    var audioEncoder = false

    func run() throws {
        guard let s = RandomBundle.Size(rawValue: size) else {
            throw ValidationError("--size must be tiny or full")
        }
        guard FileManager.default.fileExists(atPath: tokenizer) else {
            throw CLIError("tokenizer file \(tokenizer) not found; pass --tokenizer PATH (the CLIP merges file)")
        }
        do {
            try RandomBundle.write(s, to: URL(fileURLWithPath: folder), tokenizer: URL(fileURLWithPath: tokenizer), seed: seed,
                                    audioEncoder: audioEncoder)
        } catch {
            throw CLIError("\(error)")
        }
        print("wrote \(folder) (\(s.rawValue), random weights\(audioEncoder ? ", with an audio encoder" : ""))")
    }
}
