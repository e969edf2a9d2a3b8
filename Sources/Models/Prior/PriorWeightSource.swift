/// Where `PriorWeights` gets its tensors: a strict `WeightBinder` over a safetensors file, or
/// `RandomPriorWeights` for benchmarks and full-size tests. Names are dalle2-pytorch
/// `DiffusionPrior` state-dict names (`net.causal_transformer.layers.0.0.to_q.weight`).
public protocol PriorWeightSource {
    /// The tensor `name`, which must exist with exactly `shape`.
    func take(_ name: String, shape: [Int]) throws(WeightsError) -> Tensor
    /// The tensor `name` if present (a present tensor must have `shape`).
    func takeIfPresent(_ name: String, shape: [Int]) throws(WeightsError) -> Tensor?
    /// Names errors about tensor contents (not shapes) refer to.
    var sourceName: String { get }
}

extension WeightBinder: PriorWeightSource {
    public var sourceName: String { tensors.source }
}
