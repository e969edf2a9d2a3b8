import Engine
import Foundation

/// A tiny random-weight bundle, written once per test process into a temporary folder.
enum TinyBundle {
    static let repositoryRoot = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let url: Result<URL, Error> = Result {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("clipsonic-tiny-\(ProcessInfo.processInfo.processIdentifier)")
        try RandomBundle.write(.tiny, to: folder,
                               tokenizer: repositoryRoot.appendingPathComponent("models/vocab/bpe_simple_vocab_16e6.txt"))
        return folder
    }

    static let engine: Result<GenerationEngine, Error> = Result { try GenerationEngine(bundleAt: try url.get()) }

    /// The same tiny bundle with a random audio encoder (`RandomBundle.write(audioEncoder: true)`).
    static let listeningURL: Result<URL, Error> = Result {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("clipsonic-tiny-listening-\(ProcessInfo.processInfo.processIdentifier)")
        try RandomBundle.write(.tiny, to: folder,
                               tokenizer: repositoryRoot.appendingPathComponent("models/vocab/bpe_simple_vocab_16e6.txt"),
                               audioEncoder: true)
        return folder
    }

    static let listeningEngine: Result<GenerationEngine, Error> = Result { try GenerationEngine(bundleAt: try listeningURL.get()) }
}
