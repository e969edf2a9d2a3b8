/// The 32-bit Mersenne Twister (MT19937), seeded the way PyTorch's CPU generator seeds it.
///
/// Matches `at::mt19937` (aten/src/ATen/core/MT19937RNGEngine.h): `torch.manual_seed(seed)` keeps
/// the low 32 bits of the seed and runs the standard Knuth initialisation, so the stream of
/// `next()` values equals the engine's `operator()` output for the same seed.
public struct MersenneTwister: Sendable {
    private static let n = 624
    private static let m = 397
    private var state: [UInt32]
    private var index: Int

    public init(seed: UInt64) {
        var s = [UInt32](repeating: 0, count: Self.n)
        s[0] = UInt32(truncatingIfNeeded: seed)
        for j in 1..<Self.n {
            // Wrapping arithmetic is the definition of the recurrence, not an overflow bug.
            s[j] = 1_812_433_253 &* (s[j - 1] ^ (s[j - 1] >> 30)) &+ UInt32(j)
        }
        state = s
        index = Self.n
    }

    /// The next 32 random bits.
    public mutating func next() -> UInt32 {
        if index >= Self.n { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// 64 random bits from two draws, the first in the high half (`detail::make64BitsFrom32Bits`).
    public mutating func next64() -> UInt64 {
        let hi = UInt64(next())
        let lo = UInt64(next())
        return (hi << 32) | lo
    }

    private mutating func twist() {
        let n = Self.n, m = Self.m
        state.withUnsafeMutableBufferPointer { s in
            for k in 0..<n {
                let y = (s[k] & 0x8000_0000) | (s[(k + 1) % n] & 0x7FFF_FFFF)
                var v = s[(k + m) % n] ^ (y >> 1)
                if y & 1 != 0 { v ^= 0x9908_B0DF }
                s[k] = v
            }
        }
        index = 0
    }
}
