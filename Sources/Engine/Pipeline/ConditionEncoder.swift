import Foundation
import Models

/// CLIP for the engine: prompts and pictures to L2-normalised projected embeddings.
struct ConditionEncoder: Sendable {
    let model: CLIPModel
    let tokenizer: CLIPTokenizer
    let preprocessor: CLIPImagePreprocessor

    static let videoExtensions: Set<String> = ["mp4", "mkv", "webm", "mov", "avi", "m4v"]

    /// The prompt's embedding [1, D] and, for the prior, the text encoder's last hidden state
    /// with padding rows zeroed [1, L, W].
    func encode(text: String) throws -> (embedding: Tensor, encodings: Tensor) {
        let (ids, mask) = tokenizer.encodePadded(text)
        // The padding's rows are zeroed below, so the tower need not compute them.
        let tokens = mask.lastIndex(of: 1).map { $0 + 1 } ?? ids.count
        let out = try model.text([ids], attentionMask: nil, rowsNeeded: tokens)
        let hidden = out.lastHiddenState.copy()
        let width = hidden.dim(-1)
        for (i, m) in mask.enumerated() where m == 0 {
            (hidden.pointer + i * width).update(repeating: 0, count: width)
        }
        return (out.embeddings, hidden)
    }

    /// A warning when CLIP's context cuts `text`, naming the last words it reads.
    func truncationNotice(_ text: String, what: String) -> String? {
        guard let cut = tokenizer.truncation(of: text) else { return nil }
        let tail = cut.kept.split(separator: " ").suffix(6).joined(separator: " ")
        return "the \(what) is \(cut.tokens) tokens but CLIP reads \(tokenizer.contextLength - 2): it was cut after \"…\(tail)\""
    }

    /// A picture's embedding [1, D]. `path` is a PNG or JPEG, or a video file (its middle frame,
    /// or `video.mp4@12.5` for the frame at 12.5 s).
    func encode(imageAt path: String) throws -> Tensor {
        let image: RGBImage
        var file = path, seconds: Double?
        if let at = path.lastIndex(of: "@"), let s = Double(path[path.index(after: at)...]) {
            file = String(path[..<at]); seconds = s
        }
        let url = URL(fileURLWithPath: file)
        do {
            if Self.videoExtensions.contains(url.pathExtension.lowercased()) {
                image = try VideoFrameExtractor.frame(of: url, at: seconds ?? 0)
            } else {
                image = try ImageDecoder.load(contentsOf: url)
            }
        } catch {
            throw EngineError.unreadableImage(path: path, reason: "\(error)")
        }
        if let problem = preprocessor.problem(width: image.width, height: image.height) {
            throw EngineError.unreadableImage(path: path, reason: problem)
        }
        let pixels = preprocessor.pixelValues(image)
        return try model.vision(pixels.rank == 3 ? pixels.reshaped([1] + pixels.shape) : pixels).embeddings
    }
}
