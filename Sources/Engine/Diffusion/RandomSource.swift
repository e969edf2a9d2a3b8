import Models

/// A source of standard-normal noise for the sampler's starting point and its stochastic steps.
///
/// Shaped like apple/ml-stable-diffusion's `RandomSource`: one value type per algorithm, chosen
/// by the request's seed, so that a seed reproduces a take.
public protocol RandomSource {
    /// `count` independent N(0, 1) draws, in the order a row-major tensor of that size holds them.
    mutating func normalArray(count: Int) -> [Float]
}

extension RandomSource {
    /// A tensor of N(0, 1) draws; `shape` is filled row-major, like `torch.randn(shape)`.
    public mutating func normalTensor(shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: normalArray(count: shape.reduce(1, *)))
    }
}
