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
    private var state: UInt64
    /// Every tensor handed out so far, by name.
    public private(set) var made: [String: Tensor] = [:]

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

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
            fillNormal(p, count: t.count, std: std)
        }
        made[name] = t
        return t
    }

    /// Optional state (the rotary frequencies) is left out: the network recomputes it.
    public func takeIfPresent(_ name: String, shape: [Int]) throws(WeightsError) -> Tensor? { nil }

    // SplitMix64 and Box-Muller: fast enough for 100 M values, and the same on every machine.
    private func nextUniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return (Double(z >> 11) + 0.5) / 9_007_199_254_740_992
    }

    private func fillNormal(_ p: UnsafeMutablePointer<Float>, count: Int, std: Float) {
        var i = 0
        while i < count {
            let r = (-2 * Foundation.log(nextUniform())).squareRoot(), a = 2 * Double.pi * nextUniform()
            p[i] = Float(r * cos(a)) * std
            if i + 1 < count { p[i + 1] = Float(r * sin(a)) * std }
            i += 2
        }
    }
}
