import Models

/// The result of sampling the prior for a batch of prompts.
public struct PriorSample: Sendable {
    /// The kept image embedding per prompt, at CLIP scale (not L2-normalised, as the reference
    /// returns it). [B, dim]
    public let embeddings: Tensor
    /// Every candidate, at CLIP scale. [B, candidates, dim]
    public let candidates: Tensor
    /// Cosine similarity of each candidate to its prompt's text embedding. [B][candidates]
    public let similarities: [[Float]]
    /// Index of the kept candidate per prompt.
    public let chosen: [Int]
}
