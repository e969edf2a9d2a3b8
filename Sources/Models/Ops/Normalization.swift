import CKernels
import Foundation

extension Ops {
    /// `torch.nn.functional.group_norm`: statistics over each group of channels and all positions.
    /// x: [N, C, *], weight/bias: [C]
    public static func groupNorm(_ x: Tensor, groups: Int, weight: Tensor?, bias: Tensor?,
                                 eps: Float = 1e-5) -> Tensor {
        precondition(x.rank >= 2, "groupNorm needs [N, C, ...], got \(x.shape)")
        let n = x.shape[0], c = x.shape[1]
        precondition(groups > 0 && c % groups == 0, "groupNorm: \(c) channels not divisible by \(groups) groups")
        let spatial = x.count / Swift.max(n * c, 1), cg = c / groups, size = cg * spatial
        let y = Tensor(zeros: x.shape)
        ComputeThreads.parallelFor(n * groups) { i in
            let src = x.pointer + i * size, dst = y.pointer + i * size
            let (mean, invStd) = meanAndInverseStd(src, count: size, eps: eps)
            let c0 = (i % groups) * cg
            for ch in 0..<cg {
                let wv = weight?.pointer[c0 + ch] ?? 1, bv = bias?.pointer[c0 + ch] ?? 0
                let a = invStd * wv, b = bv - mean * a
                let s = src + ch * spatial, d = dst + ch * spatial
                for j in 0..<spatial { d[j] = s[j] * a + b }
            }
        }
        return y
    }

    /// `torch.nn.functional.layer_norm` over the last axis. x: [..., D], weight/bias: [D]
    public static func layerNorm(_ x: Tensor, weight: Tensor?, bias: Tensor?, eps: Float = 1e-5) -> Tensor {
        OpProfile.measure("layernorm \(x.shape[x.rank - 1])") { layerNormRows(x, weight: weight, bias: bias, eps: eps) }
    }

    private static func layerNormRows(_ x: Tensor, weight: Tensor?, bias: Tensor?, eps: Float) -> Tensor {
        let d = x.shape[x.rank - 1], rows = x.count / Swift.max(d, 1)
        let y = Tensor(uninitialized: x.shape)
        // The gain and bias are looked at once, not per element (the optional kept the loop scalar).
        let g = weight?.pointer, b = bias?.pointer
        ComputeThreads.parallelFor(rows, minChunk: 32) { r in
            let s = x.pointer + r * d, o = y.pointer + r * d
            let (mean, invStd) = meanAndInverseStd(s, count: d, eps: eps)
            switch (g, b) {
            case let (g?, b?): for j in 0..<d { o[j] = (s[j] - mean) * invStd * g[j] + b[j] }
            case let (g?, nil): for j in 0..<d { o[j] = (s[j] - mean) * invStd * g[j] }
            case let (nil, b?): for j in 0..<d { o[j] = (s[j] - mean) * invStd + b[j] }
            case (nil, nil): for j in 0..<d { o[j] = (s[j] - mean) * invStd }
            }
        }
        return y
    }

    /// Two-pass mean and biased variance, accumulated in Double so that large groups keep
    /// Float32 parity with PyTorch.
    @inline(__always)
    static func meanAndInverseStd(_ p: UnsafePointer<Float>, count: Int, eps: Float) -> (Float, Float) {
        let mean = csk_sum(p, count) / Double(Swift.max(count, 1))
        let variance = csk_squared_deviation(p, count, mean) / Double(Swift.max(count, 1))
        return (Float(mean), Float(1 / (variance + Double(eps)).squareRoot()))
    }
}
