import CKernels
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
        csk_softmax_row(p, d)
    }
}
