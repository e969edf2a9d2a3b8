import CKernels
import Foundation

/// GroupNorm fused with what follows it in the U-Net, on its channels-last activations:
/// SiLU(GN(x)) at the head of every residual block and the output, and SiLU(GN(x)·(1+scale)+shift)
/// (FiLM) in its middle. Statistics as `torch.nn.functional.group_norm` (biased variance, eps
/// inside the square root), two passes accumulated in Double; the normalisation, affine, FiLM and
/// SiLU are one multiply-add and one activation per element.
enum UNetGroupNorm {
    /// x: [N, H, W, C]; film: [N, 2C] (scale = film[:, :C], shift = film[:, C:]) or nil;
    /// silu: apply SiLU after; inPlace: write over x, which the caller alone holds and no longer
    /// needs (one activation buffer fewer in a residual block's peak). -> [N, H, W, C]
    static func apply(_ x: Tensor, groups: Int, norm: UNetNorm, eps: Float, film: Tensor? = nil,
                      silu: Bool = true, inPlace: Bool = false) -> Tensor {
        OpProfile.measure("groupnorm\(silu ? "+silu" : "") \(x.dim(3)) @\(x.dim(1))x\(x.dim(2)) n\(x.dim(0))") {
            fused(x, groups: groups, norm: norm, eps: eps, film: film, silu: silu, inPlace: inPlace)
        }
    }

    /// Positions per block: enough blocks for the threads, each long enough to stream.
    private static func blockPositions(_ positions: Int) -> Int { Swift.max(64, (positions + 7) / 8) }

    private static func fused(_ x: Tensor, groups: Int, norm: UNetNorm, eps: Float, film: Tensor?,
                              silu: Bool, inPlace: Bool) -> Tensor {
        precondition(x.rank == 4 && x.dim(3) % groups == 0, "groupnorm: \(x.shape) in \(groups) groups")
        let n = x.dim(0), c = x.dim(3), positions = x.dim(1) * x.dim(2), perGroup = c / groups
        if let film { precondition(film.shape == [n, 2 * c], "FiLM \(film.shape), expected [\(n), \(2 * c)]") }
        let block = blockPositions(positions), blocks = (positions + block - 1) / block
        let xp = x.pointer

        // Per (sample, block) channel sums, then per (sample, group) in a fixed order.
        var partial = [Double](repeating: 0, count: n * blocks * c)
        func accumulate(center: UnsafePointer<Double>?) -> [Double] {
            partial.withUnsafeMutableBufferPointer { acc in
                acc.update(repeating: 0)
                let accp = acc.baseAddress!
                ComputeThreads.parallelFor(n * blocks) { i in
                    let b = i / blocks, p0 = (i % blocks) * block, count = Swift.min(block, positions - p0)
                    csk_channel_sums(xp + (b * positions + p0) * c, count, c, center.map { $0 + b * c }, accp + i * c)
                }
            }
            var perGroupSum = [Double](repeating: 0, count: n * groups)
            for b in 0..<n {
                for k in 0..<blocks {
                    let row = (b * blocks + k) * c
                    for ch in 0..<c { perGroupSum[b * groups + ch / perGroup] += partial[row + ch] }
                }
            }
            return perGroupSum
        }
        let count = Double(Swift.max(positions * perGroup, 1))
        let means = accumulate(center: nil).map { $0 / count }
        // Each channel centred on its group's mean, as the two-pass NCHW statistics were.
        let centers = (0..<(n * c)).map { i in means[(i / c) * groups + (i % c) / perGroup] }
        let variances = centers.withUnsafeBufferPointer { accumulate(center: $0.baseAddress) }.map { $0 / count }

        var a = [Float](repeating: 0, count: n * c), d = [Float](repeating: 0, count: n * c)
        let gamma = norm.weight.pointer, beta = norm.bias.pointer
        for b in 0..<n {
            for ch in 0..<c {
                let g = b * groups + ch / perGroup
                let mean = Float(means[g]), invStd = Float(1 / (variances[g] + Double(eps)).squareRoot())
                // y = x·a + d folds normalisation, affine and FiLM into one multiply-add.
                var scale = invStd * gamma[ch]
                var shift = beta[ch] - mean * scale
                if let film {
                    let s = 1 + film.pointer[b * 2 * c + ch]
                    scale *= s
                    shift = shift * s + film.pointer[b * 2 * c + c + ch]
                }
                a[b * c + ch] = scale
                d[b * c + ch] = shift
            }
        }
        // The statistics are complete before the first element is written, so y may be x.
        let y = inPlace ? x : Tensor(uninitialized: x.shape)
        let yp = y.pointer
        a.withUnsafeBufferPointer { ab in
            d.withUnsafeBufferPointer { db in
                let ap = ab.baseAddress!, dp = db.baseAddress!
                ComputeThreads.parallelFor(n * blocks) { i in
                    let b = i / blocks, p0 = (i % blocks) * block, rows = Swift.min(block, positions - p0)
                    let offset = (b * positions + p0) * c
                    csk_channel_affine_silu(xp + offset, yp + offset, rows, c, ap + b * c, dp + b * c, silu ? 1 : 0)
                }
            }
        }
        return y
    }
}
