/// Every weight of a dalle2-pytorch 1.1.0 `DiffusionPriorNetwork` (plus the learned null text
/// condition when the config has one), read by name and shape.
///
/// Which tensors exist depends on the config exactly as in 1.1.0: projections for several
/// embeds per input, a time-embedding table or the sinusoidal MLP, the input norm, the
/// NormFormer norms, the output norm and projection.
public struct PriorWeights: Sendable {
    public let config: PriorNetworkConfig
    /// The final token, which becomes the predicted image embedding. [dim]
    public let learnedQuery: Tensor
    /// Learned padding for text encodings, one per position. [max_text_len, dim]
    public let nullTextEmbed: Tensor
    /// The learned null text condition, present when `learned_null_condition` is set: replaces
    /// the text embedding token(s) of a dropped condition. [num_text_embeds, dim]
    public let nullTextEmbeds: Tensor?
    /// Present when num_text_embeds > 1. [dim * n, dim]
    public let toTextEmbeds: PriorLinear?
    /// Present when num_image_embeds > 1.
    public let toImageEmbeds: PriorLinear?
    /// Learned time table (when num_timesteps is set). [num_timesteps, dim * num_time_embeds]
    public let timeEmbedding: Tensor?
    /// Sinusoidal-then-MLP time embedding (when num_timesteps is nil): three linears.
    public let timeMLP: [PriorLinear]
    /// Input LayerNorm gain (norm_in). [dim]
    public let initNorm: Tensor?
    /// T5-style relative position bias table. [32 buckets, heads]
    public let relativePositionBias: Tensor
    public private(set) var layers: [PriorLayerWeights]
    /// Stable output LayerNorm gain (norm_out). [dim]
    public let finalNorm: Tensor?
    /// Output projection (final_proj). [dim, dim]
    public private(set) var projectOut: LinearWeight?

    public init(config c: PriorNetworkConfig, source s: PriorWeightSource) throws(WeightsError) {
        config = c
        learnedQuery = try s.take("net.learned_query", shape: [c.dim])
        nullTextEmbed = try s.take("net.null_text_embed", shape: [1, c.maxTextLen, c.dim]).reshaped([c.maxTextLen, c.dim])
        nullTextEmbeds = c.learnedNullCondition
            ? try s.take("net.null_text_embeds", shape: [1, c.numTextEmbeds, c.dim]).reshaped([c.numTextEmbeds, c.dim]) : nil
        toTextEmbeds = c.numTextEmbeds > 1
            ? try PriorLinear(s, "net.to_text_embeds.0", out: c.dim * c.numTextEmbeds, in: c.dim, bias: true) : nil
        toImageEmbeds = c.numImageEmbeds > 1
            ? try PriorLinear(s, "net.to_image_embeds.0", out: c.dim * c.numImageEmbeds, in: c.dim, bias: true) : nil
        let timeOut = c.dim * c.numTimeEmbeds
        if let n = c.numTimesteps {
            timeEmbedding = try s.take("net.to_time_embeds.0.weight", shape: [n, timeOut])
            timeMLP = []
        } else {
            // MLP(dim, dim * n): expansion 2, depth 2 -> net.0.0, net.1.0, net.2
            let hidden = 2 * timeOut, p = "net.to_time_embeds.0.1.net"
            timeEmbedding = nil
            timeMLP = [try PriorLinear(s, "\(p).0.0", out: hidden, in: c.dim, bias: true),
                       try PriorLinear(s, "\(p).1.0", out: hidden, in: hidden, bias: true),
                       try PriorLinear(s, "\(p).2", out: timeOut, in: hidden, bias: true)]
        }
        let t = "net.causal_transformer"
        initNorm = c.normIn ? try s.take("\(t).init_norm.g", shape: [c.dim]) : nil
        relativePositionBias = try s.take("\(t).rel_pos_bias.relative_attention_bias.weight",
                                          shape: [PriorRelativePositionBias.numBuckets, c.heads])
        var layers: [PriorLayerWeights] = []
        for i in 0..<c.depth {
            layers.append(try PriorLayerWeights(s, layer: i, config: c))
            // rotary-embedding-torch keeps its frequencies as a (non-learned) state-dict entry in
            // every layer; they must be the standard ones the network recomputes.
            let name = "\(t).layers.\(i).0.rotary_emb.freqs"
            if c.rotaryEmb, let freqs = try s.takeIfPresent(name, shape: [c.rotaryDim / 2]) {
                let expected = PriorRotaryEmbedding.frequencies(dim: c.rotaryDim)
                for (a, b) in zip(freqs.scalars, expected) where abs(a - b) > 1e-5 * abs(b) {
                    throw .invalidTensorEntry(file: s.sourceName, tensor: name, detail:
                        "holds rotary frequencies that differ from those of a \(c.rotaryDim)-channel rotary embedding (theta 10000)")
                }
            }
        }
        self.layers = layers
        finalNorm = c.normOut ? try s.take("\(t).norm.g", shape: [c.dim]) : nil
        projectOut = c.finalProj ? .float32(try s.take("\(t).project_out.weight", shape: [c.dim, c.dim])) : nil
    }

    /// These weights with every matrix a step reads (each layer's five, and the output
    /// projection) replaced by `transform(matrix)`; see `PriorWeightWidth`.
    public func withMatrices(_ transform: (LinearWeight) -> LinearWeight) -> PriorWeights {
        var weights = self
        weights.layers = layers.map { $0.withMatrices(transform) }
        weights.projectOut = projectOut.map(transform)
        return weights
    }
}
