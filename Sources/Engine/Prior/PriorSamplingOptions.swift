/// How to sample image embeddings from the prior. The defaults are dalle2-pytorch 1.1.0's
/// `DiffusionPrior.sample` with LAION's settings.
public struct PriorSamplingOptions: Sendable, Equatable {
    /// DDIM steps; `nil` uses the config's `sample_timesteps` (64 for LAION's prior).
    public var steps: Int?
    /// DDIM η: 1 (the reference's default) adds fresh noise each step, 0 is deterministic.
    public var eta: Float
    /// Classifier-free guidance scale (`cond_scale`). Values other than 1 need a prior with a
    /// learned null condition (`PriorConfig.supportsGuidance`) and are refused otherwise: with
    /// 1.1.0's math the guided prediction would equal the conditional one.
    public var condScale: Float
    /// Embeddings sampled per prompt; the one closest (cosine) to the text embedding is kept.
    public var candidates: Int

    public init(steps: Int? = nil, eta: Float = 1, condScale: Float = 1, candidates: Int = 2) {
        self.steps = steps
        self.eta = eta
        self.condScale = condScale
        self.candidates = candidates
    }
}
