/// Where a BigVGAN takes its tensors from, by NVIDIA name and expected shape: a bundle's
/// `WeightBinder` (strict and memory-mapped), an in-memory dictionary, or a generator of random
/// weights (benchmarks). One network-building path serves all three, so they cannot disagree
/// on names or shapes.
struct BigVGANTensorSource {
    let take: (String, [Int]) throws(WeightsError) -> Tensor

    init(_ take: @escaping (String, [Int]) throws(WeightsError) -> Tensor) {
        self.take = take
    }

    func callAsFunction(_ name: String, _ shape: [Int]) throws(WeightsError) -> Tensor {
        try take(name, shape)
    }
}
