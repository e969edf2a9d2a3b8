import Foundation

extension Ops {
    /// `torch.softmax` along `axis`.
    public static func softmax(_ x: Tensor, axis: Int = -1) -> Tensor {
        let a = x.normalize(axis: axis)
        if a != x.rank - 1 {
            let moved = transpose(x, a, x.rank - 1)
            return transpose(softmax(moved, axis: -1), a, x.rank - 1)
        }
        let d = x.shape[x.rank - 1], rows = x.count / Swift.max(d, 1)
        let y = x.copy()
        ComputeThreads.parallelFor(rows, minChunk: 16) { r in softmaxRow(y.pointer + r * d, count: d) }
        return y
    }

    /// In-place softmax of one row; a row of only -inf becomes all zeros instead of NaN.
    @inline(__always)
    static func softmaxRow(_ p: UnsafeMutablePointer<Float>, count d: Int) {
        var m = -Float.infinity
        for j in 0..<d where p[j] > m { m = p[j] }
        if m == -Float.infinity { p.update(repeating: 0, count: d); return }
        var s: Float = 0
        for j in 0..<d { let e = expf(p[j] - m); p[j] = e; s += e }
        let inv = 1 / s
        for j in 0..<d { p[j] *= inv }
    }
}
