import CKernels
import Foundation

/// GroupNorm fused with what follows it in the U-Net, on its channels-last activations:
/// SiLU(GN(x)) at the head of every residual block and the output, and SiLU(GN(x)·(1+scale)+shift)
/// (FiLM) in its middle. Statistics as `torch.nn.functional.group_norm` (biased variance, eps
/// inside the square root), one pass of shifted moments accumulated in Double; the normalisation,
/// affine, FiLM and SiLU are one multiply-add and one activation per element.
enum UNetGroupNorm {
    /// x: [N, H, W, C] channels-last, or [N, C/16, H, W, 16] in oneDNN's 16-channel blocks (what a
    /// Winograd convolution reads and writes); film: [N, 2C] (scale = film[:, :C], shift =
    /// film[:, C:]) or nil; silu: apply SiLU after; inPlace: write over x, which the caller alone
    /// holds and no longer needs (one activation buffer fewer in a residual block's peak);
    /// toBlocks: write channels-last x out in 16-channel blocks (for the convolution that reads
    /// it). -> x's layout, or blocks.
    static func apply(_ x: Tensor, groups: Int, norm: UNetNorm, eps: Float, film: Tensor? = nil,
                      silu: Bool = true, inPlace: Bool = false, toBlocks: Bool = false) -> Tensor {
        let blocked = x.rank == 5
        let c = blocked ? x.dim(1) * 16 : x.dim(3), h = blocked ? x.dim(2) : x.dim(1), w = blocked ? x.dim(3) : x.dim(2)
        return OpProfile.measure("groupnorm\(silu ? "+silu" : "") \(c) @\(h)x\(w) n\(x.dim(0))\(blocked || toBlocks ? " blocks" : "")") {
            fused(x, groups: groups, norm: norm, eps: eps, film: film, silu: silu, inPlace: inPlace && !toBlocks,
                  toBlocks: toBlocks && !blocked)
        }
    }

    /// Positions per block: enough blocks for the threads, each long enough to stream.
    private static func blockPositions(_ positions: Int) -> Int { Swift.max(64, (positions + 7) / 8) }

    private static func fused(_ x: Tensor, groups: Int, norm: UNetNorm, eps: Float, film: Tensor?,
                              silu: Bool, inPlace: Bool, toBlocks: Bool) -> Tensor {
        let blocked = x.rank == 5
        precondition(blocked ? x.dim(4) == 16 : x.rank == 4, "groupnorm: \(x.shape) is neither NHWC nor 16-channel blocks")
        let n = x.dim(0), c = blocked ? x.dim(1) * 16 : x.dim(3)
        let positions = blocked ? x.dim(2) * x.dim(3) : x.dim(1) * x.dim(2), perGroup = c / groups
        precondition(c % groups == 0 && (!toBlocks || c % 16 == 0), "groupnorm: \(c) channels in \(groups) groups")
        if let film { precondition(film.shape == [n, 2 * c], "FiLM \(film.shape), expected [\(n), \(2 * c)]") }
        let block = blockPositions(positions), blocks = (positions + block - 1) / block
        let xp = x.pointer
        // Work items: a sample's block of positions; in 16-channel blocks, also one channel block.
        // width: the channels an item covers, from channel first(item) on.
        let width = blocked ? 16 : c, channelBlocks = blocked ? c / 16 : 1
        let items = n * channelBlocks * blocks
        func locate(_ i: Int) -> (sample: Int, firstChannel: Int, p0: Int, count: Int, offset: Int) {
            let b = i / (channelBlocks * blocks), cb = (i / blocks) % channelBlocks, p0 = (i % blocks) * block
            let offset = blocked ? ((b * channelBlocks + cb) * positions + p0) * 16 : (b * positions + p0) * c
            return (b, cb * 16, p0, Swift.min(block, positions - p0), offset)
        }

        // One pass: each item's per-channel moments about a shift (the channel's value at the
        // sample's first position), then per channel and per (sample, group) in a fixed order.
        var shifts = [Float](repeating: 0, count: n * c)
        for b in 0..<n where positions > 0 {
            for ch in 0..<c {
                shifts[b * c + ch] = blocked ? xp[(b * channelBlocks + ch / 16) * positions * 16 + ch % 16] : xp[b * positions * c + ch]
            }
        }
        var first = [Double](repeating: 0, count: items * width), second = first
        shifts.withUnsafeBufferPointer { kb in
            first.withUnsafeMutableBufferPointer { f in
                second.withUnsafeMutableBufferPointer { q in
                    guard let kp = kb.baseAddress, let fp = f.baseAddress, let qp = q.baseAddress else { return }
                    ComputeThreads.parallelFor(items) { i in
                        let at = locate(i)
                        csk_channel_moments(xp + at.offset, at.count, width, kp + at.sample * c + at.firstChannel,
                                            fp + i * width, qp + i * width)
                    }
                }
            }
        }
        var channelFirst = [Double](repeating: 0, count: n * c), channelSecond = channelFirst
        for i in 0..<items {
            let at = locate(i), base = at.sample * c + at.firstChannel
            for k in 0..<width {
                channelFirst[base + k] += first[i * width + k]
                channelSecond[base + k] += second[i * width + k]
            }
        }
        // Chan et al.'s combination: a channel's squares about the group mean m are
        // S2 - 2(m - k)S1 + P(m - k)^2 for its moments S1, S2 about its shift k over P positions.
        let count = Double(Swift.max(positions * perGroup, 1)), p = Double(positions)
        var means = [Double](repeating: 0, count: n * groups), variances = means
        for b in 0..<n {
            for g in 0..<groups {
                let channels = (b * c + g * perGroup)..<(b * c + (g + 1) * perGroup)
                let mean = channels.reduce(0.0) { $0 + Double(shifts[$1]) * p + channelFirst[$1] } / count
                let squares = channels.reduce(0.0) {
                    let d = mean - Double(shifts[$1])
                    return $0 + channelSecond[$1] - 2 * d * channelFirst[$1] + p * d * d
                }
                means[b * groups + g] = mean
                variances[b * groups + g] = Swift.max(squares, 0) / count
            }
        }

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
        let y = inPlace ? x : Tensor(uninitialized: toBlocks ? [n, c / 16, x.dim(1), x.dim(2), 16] : x.shape)
        let yp = y.pointer
        a.withUnsafeBufferPointer { ab in
            d.withUnsafeBufferPointer { db in
                guard let ap = ab.baseAddress, let dp = db.baseAddress else { return }
                ComputeThreads.parallelFor(items) { i in
                    let at = locate(i)
                    let scale = ap + at.sample * c + at.firstChannel, shift = dp + at.sample * c + at.firstChannel
                    if toBlocks {
                        csk_channel_affine_silu_to_blocks(xp + at.offset, yp + (at.sample * positions * c + at.p0 * 16), at.count, c,
                                                          positions, scale, shift, silu ? 1 : 0)
                    } else {
                        csk_channel_affine_silu(xp + at.offset, yp + at.offset, at.count, width, scale, shift, silu ? 1 : 0)
                    }
                }
            }
        }
        return y
    }
}
