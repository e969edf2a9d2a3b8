/// Random weights of the right shapes, made in memory: for timing the full-size network where no
/// trained weights exist. Values follow PyTorch's default layer initialisation
/// (uniform ±1/√fan_in; norm scales 1, shifts 0), so activations stay in a realistic range.
public struct RandomUNetWeights: UNetWeightSource {
    private let seed: UInt64
    private let prefix: String

    public init(seed: UInt64 = 0) {
        self.seed = seed
        prefix = ""
    }

    private init(seed: UInt64, prefix: String) {
        self.seed = seed
        self.prefix = prefix
    }

    public func scoped(_ scope: String) -> RandomUNetWeights {
        RandomUNetWeights(seed: seed, prefix: prefix + scope + ".")
    }

    public func finish() throws(WeightsError) {}

    public func take(_ name: String, shape: [Int]) throws(WeightsError) -> Tensor {
        let full = prefix + name
        let isNorm = full.contains("norm")
        if isNorm { return Tensor(shape: shape, repeating: full.hasSuffix("weight") ? 1 : 0) }
        // fan_in of the layer a tensor belongs to: a bias shares its weight's, which is unknown
        // here, so biases use their own length (only the scale of the numbers matters).
        let fanIn = shape.count >= 2 ? shape.dropFirst().reduce(1, *) : shape.reduce(1, *)
        let bound = 1 / Float(Swift.max(fanIn, 1)).squareRoot()
        let t = Tensor(zeros: shape)
        // Keyed by the name: each tensor is reproducible on its own.
        var rng = SplitMix64(seed: seed &+ full.utf8.reduce(UInt64(1469598103934665603)) { ($0 ^ UInt64($1)) &* 1099511628211 })
        let p = t.pointer
        for i in 0..<t.count { p[i] = (2 * rng.nextFloat() - 1) * bound }
        return t
    }
}
