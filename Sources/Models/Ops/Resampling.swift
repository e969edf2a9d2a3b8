extension Ops {
    /// `torch.nn.functional.interpolate(mode="nearest")` by an integer factor on the spatial axes.
    /// x: [N, C, L] or [N, C, H, W]
    public static func upsampleNearest(_ x: Tensor, scale: Int) -> Tensor {
        precondition(scale >= 1 && (x.rank == 3 || x.rank == 4), "upsampleNearest: \(x.shape) x\(scale)")
        let nc = x.shape[0] * x.shape[1]
        if x.rank == 3 {
            let l = x.shape[2]
            let y = Tensor(uninitialized: [x.shape[0], x.shape[1], l * scale])
            ComputeThreads.parallelFor(nc) { i in
                let s = x.pointer + i * l, d = y.pointer + i * l * scale
                for j in 0..<l { for r in 0..<scale { d[j * scale + r] = s[j] } }
            }
            return y
        }
        let h = x.shape[2], w = x.shape[3], ow = w * scale
        let y = Tensor(uninitialized: [x.shape[0], x.shape[1], h * scale, ow])
        ComputeThreads.parallelFor(nc) { i in
            let s = x.pointer + i * h * w, d = y.pointer + i * h * scale * ow
            for r in 0..<h {
                let row = d + r * scale * ow
                for j in 0..<w { for k in 0..<scale { row[j * scale + k] = s[r * w + j] } }
                for k in 1..<scale { (row + k * ow).update(from: row, count: ow) }
            }
        }
        return y
    }

    /// `upsampleNearest` on channels-last x [N, H, W, C] -> [N, H·scale, W·scale, C]: each output
    /// position copies its source position's C channels, one contiguous run.
    public static func upsampleNearest(channelsLast x: Tensor, scale: Int) -> Tensor {
        precondition(scale >= 1 && x.rank == 4, "upsampleNearest: \(x.shape) x\(scale)")
        let n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3], ow = w * scale
        let y = Tensor(uninitialized: [n, h * scale, ow, c])
        ComputeThreads.parallelFor(n * h) { i in
            let s = x.pointer + i * w * c, row = y.pointer + i * scale * ow * c
            for j in 0..<w {
                for k in 0..<scale { (row + (j * scale + k) * c).update(from: s + j * c, count: c) }
            }
            for k in 1..<Swift.max(scale, 1) { (row + k * ow * c).update(from: row, count: ow * c) }
        }
        return y
    }

    /// `torch.nn.functional.avg_pool1d/2d` with kernel = stride, no padding (floor).
    /// x: [N, C, L] or [N, C, H, W]
    public static func avgPool(_ x: Tensor, kernel: Int) -> Tensor {
        precondition(kernel >= 1 && (x.rank == 3 || x.rank == 4), "avgPool: \(x.shape) k\(kernel)")
        let nc = x.shape[0] * x.shape[1]
        if x.rank == 3 {
            let l = x.shape[2], ol = l / kernel
            let y = Tensor(zeros: [x.shape[0], x.shape[1], ol])
            let inv = 1 / Float(kernel)
            ComputeThreads.parallelFor(nc) { i in
                let s = x.pointer + i * l, d = y.pointer + i * ol
                for j in 0..<ol { var acc: Float = 0; for k in 0..<kernel { acc += s[j * kernel + k] }; d[j] = acc * inv }
            }
            return y
        }
        let h = x.shape[2], w = x.shape[3], oh = h / kernel, ow = w / kernel
        let y = Tensor(zeros: [x.shape[0], x.shape[1], oh, ow])
        let inv = 1 / Float(kernel * kernel)
        ComputeThreads.parallelFor(nc) { i in
            let s = x.pointer + i * h * w, d = y.pointer + i * oh * ow
            for r in 0..<oh {
                for c in 0..<ow {
                    var acc: Float = 0
                    for ky in 0..<kernel { for kx in 0..<kernel { acc += s[(r * kernel + ky) * w + c * kernel + kx] } }
                    d[r * ow + c] = acc * inv
                }
            }
        }
        return y
    }
}
