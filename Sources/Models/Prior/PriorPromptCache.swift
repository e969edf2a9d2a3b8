/// The keys and values of the prompt tokens (text encodings, then text embeddings) in every
/// layer, for one batch of prompts.
///
/// Those tokens come before the time, noised-image and query tokens in the prior's causal
/// transformer, and they do not change while sampling: with their keys and values cached
/// once per prompt, each step runs the transformer on `stepTokens` (3 for LAION's prior)
/// tokens instead of all 81. Keys already carry their rotary turn and start with the null key.
public struct PriorPromptCache: Sendable {
    /// Per layer: [B, 1, 1 + promptTokens, dim_head] (null key first).
    let keys: [Tensor]
    /// Per layer: [B, 1, 1 + promptTokens, dim_head] (null value first).
    let values: [Tensor]
    /// Prompts in the batch.
    public let batch: Int

    init(keys: [Tensor], values: [Tensor]) {
        self.keys = keys
        self.values = values
        batch = keys.first?.shape[0] ?? 0
    }

    /// Each prompt's entry repeated `count` times in a row (the `(b r)` order of
    /// `DiffusionPrior.sample`), for sampling several candidates per prompt.
    public func repeated(each count: Int) -> PriorPromptCache {
        func repeatRows(_ t: Tensor) -> Tensor {
            let inner = t.count / Swift.max(t.shape[0], 1)
            let out = Tensor(zeros: [t.shape[0] * count] + t.shape.dropFirst())
            for b in 0..<t.shape[0] {
                for r in 0..<count {
                    (out.pointer + (b * count + r) * inner).update(from: t.pointer + b * inner, count: inner)
                }
            }
            return out
        }
        return PriorPromptCache(keys: keys.map(repeatRows), values: values.map(repeatRows))
    }
}
