extension PriorWeights {
    /// Reads the prior from a safetensors file strictly: every tensor the config calls for, with
    /// its exact shape, and nothing else (rotary frequencies may be present or not).
    public init(config: PriorNetworkConfig, safetensors: SafeTensors) throws(WeightsError) {
        let binder = WeightBinder(safetensors)
        try self.init(config: config, source: binder)
        try binder.finish()
    }
}
