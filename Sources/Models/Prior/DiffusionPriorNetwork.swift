/// The DALL-E 2 diffusion prior network, as dalle2-pytorch 1.1.0's `DiffusionPriorNetwork`
/// computes it (the version LAION's ViT-L/14 prior was trained with).
///
/// A causal transformer reads, in order: the text encodings (padding replaced by learned
/// per-position null embeddings), the text embedding, the diffusion-time embedding, the noised
/// image embedding and a learned query; the query's output is the prediction (the clean image
/// embedding for LAION's prior). Each layer is multi-query attention (many query heads, one
/// key/value head) with a learned null key/value, rotary embeddings and a T5 relative
/// position bias, then a SwiGLU feed-forward; LayerNorms have a gain and no bias.
///
/// Two ways to run it, with the same results: `forward` over all tokens, and `encodePrompt`
/// once per prompt followed by `forward(imageEmbed:timesteps:prompt:)` per step, which reuses
/// the prompt tokens' keys and values (see `PriorPromptCache`).
///
/// Classifier-free guidance: 1.1.0 builds a condition mask but never hands it to the
/// transformer, so its "unconditional" prediction equals the conditional one (bit for bit) and
/// guidance cannot work. A prior with `learned_null_condition` (training/clipsonic/prior_null.py,
/// after later dalle2-pytorch releases) has a learned null text condition; `dropCondition: true`
/// (or `encodeNullPrompt`) computes its unconditional branch. Without it, dropping throws.
public struct DiffusionPriorNetwork: Sendable {
    public let config: PriorNetworkConfig
    public let weights: PriorWeights
    let rotary: PriorRotaryEmbedding?
    /// × 128 relative position bias over all tokens. [heads, totalTokens, totalTokens + 1]
    let positionBias: Tensor

    public init(weights: PriorWeights) throws(PriorError) {
        let c = weights.config
        try c.validate()
        config = c
        self.weights = weights
        rotary = c.rotaryEmb ? PriorRotaryEmbedding(dim: c.rotaryDim, positions: c.totalTokens) : nil
        positionBias = PriorRelativePositionBias.bias(table: weights.relativePositionBias, queries: c.totalTokens)
    }

    /// One forward pass over all tokens (`DiffusionPriorNetwork.forward` with cond_drop_prob 0,
    /// or 1 when `dropCondition`).
    /// imageEmbed: [B, dim] (noised, at the diffusion's scale), timesteps: B integers,
    /// textEmbed: [B, dim], textEncodings: [B, L, dim] with zero rows for padding, or nil
    /// -> predicted image embedding [B, dim]
    public func forward(imageEmbed: Tensor, timesteps: [Int], textEmbed: Tensor,
                        textEncodings: Tensor?, dropCondition: Bool = false) throws(PriorError) -> Tensor {
        let prompt = try promptTokens(textEmbed: textEmbed, textEncodings: textEncodings, dropCondition: dropCondition)
        let step = try stepTokens(imageEmbed: imageEmbed, timesteps: timesteps, batch: prompt.shape[0])
        var x = Ops.concat([prompt, step], axis: 1)                       // [B, N, dim]
        if let g = weights.initNorm { x = Ops.layerNorm(x, weight: g, bias: nil) }
        for layer in weights.layers {
            let (attended, _, _) = attention(layer, x, start: 0, past: nil)
            x = attended + x
            x = feedForward(layer, x) + x
        }
        return output(x)
    }

    /// Runs the prompt tokens through every layer and keeps their keys and values.
    /// textEmbed: [B, dim], textEncodings: [B, L, dim] or nil
    public func encodePrompt(textEmbed: Tensor, textEncodings: Tensor?,
                             dropCondition: Bool = false) throws(PriorError) -> PriorPromptCache {
        var x = try promptTokens(textEmbed: textEmbed, textEncodings: textEncodings,
                                 dropCondition: dropCondition)                              // [B, P, dim]
        if let g = weights.initNorm { x = Ops.layerNorm(x, weight: g, bias: nil) }
        var keys: [Tensor] = [], values: [Tensor] = []
        for (i, layer) in weights.layers.enumerated() {
            let (attended, k, v) = attention(layer, x, start: 0, past: nil)
            keys.append(k)
            values.append(v)
            // The last layer's prompt outputs feed nothing that the query sees.
            if i + 1 < weights.layers.count {
                x = attended + x
                x = feedForward(layer, x) + x
            }
        }
        return PriorPromptCache(keys: keys, values: values)
    }

    /// The unconditional prompt (the learned null condition) for `batch` rows; throws for a
    /// prior without one. Every row is the same, so it is encoded once and repeated.
    public func encodeNullPrompt(batch: Int) throws(PriorError) -> PriorPromptCache {
        try encodePrompt(textEmbed: Tensor(zeros: [1, config.dim]), textEncodings: nil, dropCondition: true)
            .repeated(each: batch)
    }

    /// One forward pass of the step tokens against a cached prompt; equals `forward` with the
    /// same prompt. imageEmbed: [B, dim], timesteps: B integers -> [B, dim]
    public func forward(imageEmbed: Tensor, timesteps: [Int], prompt: PriorPromptCache) throws(PriorError) -> Tensor {
        var x = try stepTokens(imageEmbed: imageEmbed, timesteps: timesteps, batch: prompt.batch)  // [B, S, dim]
        if let g = weights.initNorm { x = Ops.layerNorm(x, weight: g, bias: nil) }
        let start = config.promptTokens
        for (i, layer) in weights.layers.enumerated() {
            let (attended, _, _) = attention(layer, x, start: start, past: (prompt.keys[i], prompt.values[i]))
            x = attended + x
            x = feedForward(layer, x) + x
        }
        return output(x)
    }

    /// The last token through the output norm and projection. x: [B, N, dim] -> [B, dim]
    func output(_ x: Tensor) -> Tensor {
        let n = x.shape[1]
        var y = Ops.slice(x, axis: 1, range: (n - 1)..<n).reshaped([x.shape[0], config.dim])
        if let g = weights.finalNorm { y = Self.stableLayerNorm(y, gain: g) }
        if let w = weights.projectOut { y = Ops.linear(y, weight: w) }
        return y
    }
}
