import CKernels
import Foundation

/// GroupNorm fused with what follows it in the U-Net, in one pass over the activations:
/// SiLU(GN(x)) at the head of every residual block and the output, and SiLU(GN(x)·(1+scale)+shift)
/// (FiLM) in its middle. Statistics as `torch.nn.functional.group_norm` (biased variance, eps
/// inside the square root), accumulated in Double.
enum UNetGroupNorm {
    /// x: [N, C, H, W]; film: [N, 2C] (scale = film[:, :C], shift = film[:, C:]) or nil;
    /// silu: apply SiLU after. -> [N, C, H, W]
    static func apply(_ x: Tensor, groups: Int, norm: UNetNorm, eps: Float, film: Tensor? = nil,
                      silu: Bool = true) -> Tensor {
        OpProfile.measure("groupnorm\(silu ? "+silu" : "") \(x.dim(1)) @\(x.dim(2))x\(x.dim(3)) n\(x.dim(0))") {
            fused(x, groups: groups, norm: norm, eps: eps, film: film, silu: silu)
        }
    }

    private static func fused(_ x: Tensor, groups: Int, norm: UNetNorm, eps: Float, film: Tensor?,
                              silu: Bool) -> Tensor {
        let n = x.dim(0), c = x.dim(1)
        let spatial = x.count / Swift.max(n * c, 1), perGroup = c / groups
        if let film { precondition(film.shape == [n, 2 * c], "FiLM \(film.shape), expected [\(n), \(2 * c)]") }
        let y = Tensor(uninitialized: x.shape)
        let gamma = norm.weight.pointer, beta = norm.bias.pointer
        ComputeThreads.parallelFor(n * groups) { i in
            let b = i / groups, c0 = (i % groups) * perGroup
            let size = perGroup * spatial
            let src = x.pointer + (b * c + c0) * spatial, dst = y.pointer + (b * c + c0) * spatial
            let (mean, invStd) = Ops.meanAndInverseStd(src, count: size, eps: eps)
            for ch in 0..<perGroup {
                let channel = c0 + ch
                // y = x·a + d folds normalisation, affine and FiLM into one multiply-add.
                var a = invStd * gamma[channel]
                var d = beta[channel] - mean * a
                if let film {
                    let s = 1 + film.pointer[b * 2 * c + channel], shift = film.pointer[b * 2 * c + c + channel]
                    a *= s
                    d = d * s + shift
                }
                csk_affine_silu(src + ch * spatial, dst + ch * spatial, spatial, a, d, silu ? 1 : 0)
            }
        }
        return y
    }
}
