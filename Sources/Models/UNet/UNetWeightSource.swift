/// Where the U-Net's layers get their tensors: a bundle's weights file (`WeightBinder`, strict
/// by name and shape) or, for benchmarks, freshly made random tensors (`RandomUNetWeights`).
public protocol UNetWeightSource {
    /// The tensor `name` (relative to this source's scope) with exactly `shape`.
    func take(_ name: String, shape: [Int]) throws(WeightsError) -> Tensor
    /// A source whose names are relative to `scope` (joined with a dot).
    func scoped(_ scope: String) -> Self
    /// Fails if tensors were left untaken.
    func finish() throws(WeightsError)
}

extension WeightBinder: UNetWeightSource {}
