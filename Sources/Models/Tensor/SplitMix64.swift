import Foundation

/// A small seeded generator (SplitMix64) for Griffin-Lim's random initial phases and for random
/// benchmark and test weights, so that one seed gives the same values on every platform.
/// Not for cryptography, and not PyTorch's generator (that is `TorchRandomSource` in Engine).
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func nextBits() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func next() -> Double {
        Double(nextBits() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform in (0, 1): never 0, so that it can go through a logarithm.
    public mutating func nextOpen() -> Double {
        (Double(nextBits() >> 11) + 0.5) / 9_007_199_254_740_992
    }

    /// Uniform in [0, 1) with 24 random bits.
    public mutating func nextFloat() -> Float {
        Float(nextBits() >> 40) * 0x1p-24
    }

    /// Fills `count` values with N(0, std²) draws (Box-Muller, in pairs).
    public mutating func fillNormal(_ p: UnsafeMutablePointer<Float>, count: Int, std: Float) {
        var i = 0
        while i < count {
            let r = (-2 * Foundation.log(nextOpen())).squareRoot(), a = 2 * Double.pi * nextOpen()
            p[i] = Float(r * cos(a)) * std
            if i + 1 < count { p[i + 1] = Float(r * sin(a)) * std }
            i += 2
        }
    }
}
