import Foundation

/// Random prior weights of any config's shapes, for benchmarks and full-size tests where the
/// real checkpoint is not at hand. The spread is that of a trained network, so activations
/// and timings are realistic: linear weights N(0, 1/fan_in), LayerNorm gains 1, embeddings
/// and null tokens N(0, 1), a small relative-position bias.
///
/// ```swift
/// let random = RandomPriorWeights(seed: 7)
/// let weights = try PriorWeights(config: PriorConfig.laionViTL14.net, source: random)
/// try SafeTensors.write(random.made, to: url)   // the same tensors, by name, if a file is wanted
/// ```
public final class RandomPriorWeights: PriorWeightSource, @unchecked Sendable {
    private var rng: SplitMix64
    /// Every tensor handed out so far, by name.
    public private(set) var made: [String: Tensor] = [:]

    public init(seed: UInt64) { rng = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }

    public var sourceName: String { "random prior weights" }

    public func take(_ name: String, shape: [Int]) throws(WeightsError) -> Tensor {
        let t = Tensor(zeros: shape)
        let p = t.pointer
        if name.hasSuffix(".g") {
            p.update(repeating: 1, count: t.count)
        } else {
            let std: Float
            if name.contains("relative_attention_bias") {
                std = 0.01
            } else if name.hasSuffix(".weight"), shape.count == 2, !name.hasSuffix("to_time_embeds.0.weight") {
                std = 1 / Float(shape[1]).squareRoot()
            } else {
                std = name.hasSuffix(".bias") ? 0.02 : 1
            }
            rng.fillNormal(p, count: t.count, std: std)
        }
        made[name] = t
        return t
    }

    /// Optional state (the rotary frequencies) is left out: the network recomputes it.
    public func takeIfPresent(_ name: String, shape: [Int]) throws(WeightsError) -> Tensor? { nil }

}
