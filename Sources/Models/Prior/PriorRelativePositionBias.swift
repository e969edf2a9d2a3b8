import Foundation

/// T5-style relative position bias of dalle2-pytorch 1.1.0's `RelPosBias` (32 buckets, max
/// distance 128), already multiplied by the attention's precision-relax factor.
///
/// 1.1.0's attention scales q by dim_head^-0.5 / 128, adds the bias, subtracts the row maximum
/// and multiplies by 128 (`pb_relax_alpha`) before the softmax: the softmax therefore sees
/// q·k / sqrt(dim_head) + 128 × bias, which is what this bias (× 128) and
/// `Ops.attention`'s default scale compute.
enum PriorRelativePositionBias {
    static let numBuckets = 32
    static let maxDistance = 128
    static let precisionRelax: Float = 128

    /// Bucket of a key `n` positions behind the query (n <= 0 -> 0), computed in float32 as
    /// `_relative_position_bucket` does.
    static func bucket(distance n: Int) -> Int {
        let maxExact = numBuckets / 2
        let n = Swift.max(n, 0)
        if n < maxExact { return n }
        let scaled = logf(Float(n) / Float(maxExact)) / Float(log(Double(maxDistance) / Double(maxExact)))
            * Float(numBuckets - maxExact)
        return Swift.min(maxExact + Int(scaled), numBuckets - 1)
    }

    /// The bias for `queries` query positions against `queries + 1` key positions, the first key
    /// being the null key (so key j sits at relative position j - i, as 1.1.0 counts it).
    /// table: [32, heads] -> [heads, queries, queries + 1], × 128
    static func bias(table: Tensor, queries: Int) -> Tensor {
        let heads = table.shape[1], keys = queries + 1
        let out = Tensor(zeros: [heads, queries, keys])
        let t = table.pointer, o = out.pointer
        for i in 0..<queries {
            for j in 0..<keys {
                let b = bucket(distance: i - j)
                for h in 0..<heads { o[(h * queries + i) * keys + j] = t[b * heads + h] * precisionRelax }
            }
        }
        return out
    }
}
