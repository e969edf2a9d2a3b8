import Foundation

/// Normal draws equal to PyTorch's CPU `torch.randn` after `torch.manual_seed(seed)` (Float32).
///
/// Matches aten/src/ATen/native/cpu/DistributionKernels.cpp `normal_kernel` and
/// DistributionTemplates.h `normal_fill` (PyTorch 2.x, checked against torch 2.13):
/// - 16 or more elements (the vectorised path): one 24-bit uniform float per element is drawn
///   first, then each block of 16 becomes normals by Box-Muller on the pairs (i, i + 8). When the
///   size is not a multiple of 16, the last 16 elements are drawn again and transformed again,
///   overlapping the previous block.
/// - Fewer than 16 elements (the scalar path): `at::normal_distribution<double>` draws two 53-bit
///   uniform doubles per pair, returns `r cos θ` and caches `r sin θ` in the generator for the next
///   scalar draw. The cache survives vectorised draws, as it does in the generator.
/// Successive calls continue one stream, as successive `torch.randn` calls on one generator do.
/// Limitation: a 16+ draw computes in Float with the platform's `logf`/`cosf`/`sinf`, so values
/// may differ from torch's (Sleef, AVX2) in the last bit or two (about 2.4e-7 absolute).
public struct TorchRandomSource: RandomSource, Sendable {
    private var engine: MersenneTwister
    private var cachedNormal: Double?

    public init(seed: UInt64) {
        engine = MersenneTwister(seed: seed)
        cachedNormal = nil
    }

    public mutating func normalArray(count: Int) -> [Float] {
        guard count > 0 else { return [] }
        if count >= 16 { return vectorisedNormals(count: count) }
        return (0..<count).map { _ in Float(scalarNormal()) }
    }

    /// `at::uniform_real_distribution<float>(0, 1)`: 24 random bits scaled into [0, 1).
    private mutating func uniformFloat() -> Float {
        Float(engine.next() & 0xFF_FFFF) * 0x1p-24
    }

    /// `at::uniform_real_distribution<double>(0, 1)`: 53 random bits scaled into [0, 1).
    private mutating func uniformDouble() -> Double {
        Double(engine.next64() & ((1 << 53) - 1)) * 0x1p-53
    }

    private mutating func scalarNormal() -> Double {
        if let cached = cachedNormal {
            cachedNormal = nil
            return cached
        }
        let u1 = uniformDouble()
        let u2 = uniformDouble()
        let r = (-2.0 * Foundation.log1p(-u2)).squareRoot()
        let theta = 2.0 * Double.pi * u1
        cachedNormal = r * Foundation.sin(theta)
        return r * Foundation.cos(theta)
    }

    private mutating func vectorisedNormals(count: Int) -> [Float] {
        var data = [Float](repeating: 0, count: count)
        for i in 0..<count { data[i] = uniformFloat() }
        var start = 0
        while start + 16 <= count {
            Self.boxMuller16(&data, at: start)
            start += 16
        }
        if count % 16 != 0 {
            let tail = count - 16
            for i in tail..<count { data[i] = uniformFloat() }
            Self.boxMuller16(&data, at: tail)
        }
        return data
    }

    /// `normal_fill_16`: pairs element j with element j + 8 of a block of 16 uniforms.
    private static func boxMuller16(_ data: inout [Float], at start: Int) {
        for j in start..<(start + 8) {
            // 1 - u moves [0, 1) to (0, 1] so the logarithm is finite.
            let u1: Float = 1 - data[j]
            let u2 = data[j + 8]
            let radius = (-2 * Foundation.logf(u1)).squareRoot()
            // θ = 2π·u2 multiplied in Float, as normal_fill_16_AVX2 does (x86 builds of torch).
            // The portable normal_fill_16 (e.g. ARM builds) forms it in Double instead; that
            // moves θ by up to an ulp and large draws by ~2e-6.
            let theta = Float(2 * Double.pi) * u2
            data[j] = radius * Foundation.cosf(theta)
            data[j + 8] = radius * Foundation.sinf(theta)
        }
    }
}
