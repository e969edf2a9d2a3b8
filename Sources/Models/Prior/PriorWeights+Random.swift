extension PriorWeights {
    /// Random weights of `config`'s shapes (see `RandomPriorWeights`), for benchmarks:
    ///
    /// ```swift
    /// let config = PriorConfig.laionViTL14
    /// let net = try DiffusionPriorNetwork(weights: PriorWeights.random(config: config.net, seed: 0))
    /// let sampler = try PriorSampler(config: config, network: net)   // Engine
    /// ```
    public static func random(config: PriorNetworkConfig, seed: UInt64) throws(WeightsError) -> PriorWeights {
        try PriorWeights(config: config, source: RandomPriorWeights(seed: seed))
    }
}
