import Foundation

/// Helpers on CLIP embedding rows.
public enum CLIPEmbedding {
    /// Each row of x: [B, N] divided by its L2 norm (`x / x.norm(p=2, dim=-1, keepdim=True)`).
    public static func l2Normalized(_ x: Tensor) -> Tensor {
        let n = x.dim(-1), rows = x.count / Swift.max(n, 1)
        let y = Tensor(zeros: x.shape)
        for r in 0..<rows {
            let src = x.pointer + r * n, dst = y.pointer + r * n
            var sum: Double = 0
            for j in 0..<n { sum += Double(src[j]) * Double(src[j]) }
            // A zero row stays zero rather than becoming NaN.
            let inv = sum > 0 ? Float(1 / sum.squareRoot()) : 0
            for j in 0..<n { dst[j] = src[j] * inv }
        }
        return y
    }
}
