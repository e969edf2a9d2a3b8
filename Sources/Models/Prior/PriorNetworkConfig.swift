/// The `net` object of a dalle2-pytorch prior config: the arguments of `DiffusionPriorNetwork`
/// and `CausalTransformer` in dalle2-pytorch 1.1.0, with the same names (snake_case in JSON)
/// and the same defaults. Dropout rates are accepted and ignored (sampling runs in eval mode).
/// One field is not 1.1.0's: `learned_null_condition` (training/clipsonic/prior_null.py).
public struct PriorNetworkConfig: Codable, Sendable, Equatable {
    /// Width of every token; equals the CLIP embedding size (768 for ViT-L/14).
    public var dim: Int
    /// Number of transformer layers.
    public var depth: Int
    /// Size of the learned time-embedding table; `nil` selects 1.1.0's sinusoidal + MLP embedding.
    public var numTimesteps: Int?
    /// Tokens the time, noised image and text embeddings each become (a linear layer when > 1).
    public var numTimeEmbeds: Int
    public var numImageEmbeds: Int
    public var numTextEmbeds: Int
    /// Text-encoding tokens; shorter encodings are padded with the learned null text embedding.
    public var maxTextLen: Int
    public var dimHead: Int
    public var heads: Int
    /// Feed-forward width multiplier (`int(ff_mult * dim)` hidden units before SwiGLU halves).
    public var ffMult: Double
    /// LayerNorm on the input tokens (BLOOM style).
    public var normIn: Bool
    /// Stable LayerNorm on the output.
    public var normOut: Bool
    /// Linear projection after the output norm.
    public var finalProj: Bool
    /// LayerNorm after the SwiGLU activation (NormFormer).
    public var normformer: Bool
    /// Rotary position embedding on the first min(32, dim_head) channels of queries and keys.
    public var rotaryEmb: Bool
    /// The network has a learned null text condition (`net.null_text_embeds`, as later
    /// dalle2-pytorch releases have): a dropped condition replaces the text embedding token(s)
    /// with it and every text-encoding position with that position's null row, so classifier-free
    /// guidance has an unconditional branch. False for 1.1.0 priors such as LAION's.
    public var learnedNullCondition: Bool

    public init(dim: Int, depth: Int, numTimesteps: Int? = nil, numTimeEmbeds: Int = 1, numImageEmbeds: Int = 1,
                numTextEmbeds: Int = 1, maxTextLen: Int = 256, dimHead: Int = 64, heads: Int = 8,
                ffMult: Double = 4, normIn: Bool = false, normOut: Bool = true, finalProj: Bool = true,
                normformer: Bool = false, rotaryEmb: Bool = true, learnedNullCondition: Bool = false) {
        self.dim = dim
        self.depth = depth
        self.numTimesteps = numTimesteps
        self.numTimeEmbeds = numTimeEmbeds
        self.numImageEmbeds = numImageEmbeds
        self.numTextEmbeds = numTextEmbeds
        self.maxTextLen = maxTextLen
        self.dimHead = dimHead
        self.heads = heads
        self.ffMult = ffMult
        self.normIn = normIn
        self.normOut = normOut
        self.finalProj = finalProj
        self.normformer = normformer
        self.rotaryEmb = rotaryEmb
        self.learnedNullCondition = learnedNullCondition
    }

    enum CodingKeys: String, CodingKey {
        case dim, depth, heads, normformer
        case numTimesteps = "num_timesteps", numTimeEmbeds = "num_time_embeds"
        case numImageEmbeds = "num_image_embeds", numTextEmbeds = "num_text_embeds"
        case maxTextLen = "max_text_len", dimHead = "dim_head", ffMult = "ff_mult"
        case normIn = "norm_in", normOut = "norm_out", finalProj = "final_proj", rotaryEmb = "rotary_emb"
        case selfCond = "self_cond", learnedNullCondition = "learned_null_condition"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PriorNetworkConfig(dim: 0, depth: 0)
        // Ranges that hold LAION's ViT-L/14 and ViT-bigG priors with room to spare.
        let r = ConfigReader(c)
        dim = try r.int(.dim, in: 1...8192)
        depth = try r.int(.depth, in: 1...128)
        numTimesteps = try r.optionalInt(.numTimesteps, in: 1...100_000)
        numTimeEmbeds = try r.int(.numTimeEmbeds, default: d.numTimeEmbeds, in: 1...64)
        numImageEmbeds = try r.int(.numImageEmbeds, default: d.numImageEmbeds, in: 1...64)
        numTextEmbeds = try r.int(.numTextEmbeds, default: d.numTextEmbeds, in: 1...64)
        maxTextLen = try r.int(.maxTextLen, default: d.maxTextLen, in: 1...4096)
        dimHead = try r.int(.dimHead, default: d.dimHead, in: 1...1024)
        heads = try r.int(.heads, default: d.heads, in: 1...256)
        ffMult = try r.real(.ffMult, default: d.ffMult, in: 1e-3...64)
        normIn = try c.decodeIfPresent(Bool.self, forKey: .normIn) ?? d.normIn
        normOut = try c.decodeIfPresent(Bool.self, forKey: .normOut) ?? d.normOut
        finalProj = try c.decodeIfPresent(Bool.self, forKey: .finalProj) ?? d.finalProj
        normformer = try c.decodeIfPresent(Bool.self, forKey: .normformer) ?? d.normformer
        rotaryEmb = try c.decodeIfPresent(Bool.self, forKey: .rotaryEmb) ?? d.rotaryEmb
        learnedNullCondition = try c.decodeIfPresent(Bool.self, forKey: .learnedNullCondition) ?? false
        // Self-conditioning arrived in dalle2-pytorch 1.6.1; its extra token is not 1.1.0 math.
        if try c.decodeIfPresent(Bool.self, forKey: .selfCond) == true {
            throw DecodingError.dataCorruptedError(forKey: .selfCond, in: c, debugDescription:
                "self-conditioning needs dalle2-pytorch >= 1.6.1; this prior implements 1.1.0")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dim, forKey: .dim)
        try c.encode(depth, forKey: .depth)
        try c.encodeIfPresent(numTimesteps, forKey: .numTimesteps)
        try c.encode(numTimeEmbeds, forKey: .numTimeEmbeds)
        try c.encode(numImageEmbeds, forKey: .numImageEmbeds)
        try c.encode(numTextEmbeds, forKey: .numTextEmbeds)
        try c.encode(maxTextLen, forKey: .maxTextLen)
        try c.encode(dimHead, forKey: .dimHead)
        try c.encode(heads, forKey: .heads)
        try c.encode(ffMult, forKey: .ffMult)
        try c.encode(normIn, forKey: .normIn)
        try c.encode(normOut, forKey: .normOut)
        try c.encode(finalProj, forKey: .finalProj)
        try c.encode(normformer, forKey: .normformer)
        try c.encode(rotaryEmb, forKey: .rotaryEmb)
        // Only when set, so a 1.1.0 prior's config keeps LAION's form.
        if learnedNullCondition { try c.encode(true, forKey: .learnedNullCondition) }
    }

    // MARK: Derived sizes

    /// Query width: heads × dim_head.
    public var innerDim: Int { heads * dimHead }
    /// SwiGLU width, `int(ff_mult * dim)` as Python computes it.
    public var ffInner: Int { Int(ffMult * Double(dim)) }
    /// Channels of each head that the rotary embedding turns (`min(32, dim_head)`).
    public var rotaryDim: Int { Swift.min(32, dimHead) }
    /// Tokens that stay the same for every sampling step of one prompt: text encodings, then
    /// text embedding tokens.
    public var promptTokens: Int { maxTextLen + numTextEmbeds }
    /// Tokens that change every step: time, noised image, learned query.
    public var stepTokens: Int { numTimeEmbeds + numImageEmbeds + 1 }
    public var totalTokens: Int { promptTokens + stepTokens }

    /// Checks sizes that would otherwise fail deep inside a forward pass.
    public func validate() throws(PriorError) {
        func check(_ ok: Bool, _ field: String, _ detail: String) throws(PriorError) {
            if !ok { throw .invalidConfig(field: "net.\(field)", detail: detail) }
        }
        try check(dim > 0, "dim", "must be positive, found \(dim)")
        try check(depth > 0, "depth", "must be positive, found \(depth)")
        try check(heads > 0, "heads", "must be positive, found \(heads)")
        try check(dimHead > 0, "dim_head", "must be positive, found \(dimHead)")
        try check(!rotaryEmb || dimHead % 2 == 0, "dim_head", "must be even for rotary embeddings, found \(dimHead)")
        try check(maxTextLen > 0, "max_text_len", "must be positive, found \(maxTextLen)")
        try check(numTimeEmbeds > 0, "num_time_embeds", "must be positive, found \(numTimeEmbeds)")
        try check(numImageEmbeds > 0, "num_image_embeds", "must be positive, found \(numImageEmbeds)")
        try check(numTextEmbeds > 0, "num_text_embeds", "must be positive, found \(numTextEmbeds)")
        try check(numTimesteps.map { $0 > 0 } ?? true, "num_timesteps", "must be positive when given")
        try check(numTimesteps != nil || dim >= 4, "dim", "the sinusoidal time embedding needs dim >= 4")
        try check(ffInner > 0, "ff_mult", "gives no feed-forward units (int(\(ffMult) * \(dim)) = \(ffInner))")
    }
}
