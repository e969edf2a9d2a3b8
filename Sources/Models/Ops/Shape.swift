import CKernels

extension Ops {
    /// `torch.cat` along `axis`; all other dimensions must match.
    public static func concat(_ xs: [Tensor], axis: Int) -> Tensor {
        precondition(!xs.isEmpty, "concat of no tensors")
        let a = xs[0].normalize(axis: axis)
        var shape = xs[0].shape
        for t in xs.dropFirst() {
            precondition(t.rank == shape.count && (0..<t.rank).allSatisfy { $0 == a || t.shape[$0] == shape[$0] },
                         "concat: shapes \(xs.map(\.shape)) differ outside axis \(a)")
        }
        shape[a] = xs.reduce(0) { $0 + $1.shape[a] }
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        let y = Tensor(uninitialized: shape)
        let rowOut = shape[a] * inner
        let blocks = xs.map { $0.shape[a] * inner }
        let offsets = blocks.reduce(into: [0]) { $0.append($0.last! + $1) }
        // One copy per (outer index, input): the copies are independent, so they run in parallel.
        ComputeThreads.parallelFor(outer * xs.count) { i in
            let o = i / xs.count, k = i % xs.count
            (y.pointer + o * rowOut + offsets[k]).update(from: xs[k].pointer + o * blocks[k], count: blocks[k])
        }
        return y
    }

    /// `torch.cat([a, b], dim=-1)` of two tensors alike but in their last axis: the channel
    /// concatenation of channels-last activations, one pass of row copies.
    public static func concatLastAxis(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.rank == b.rank && a.rank >= 1 && a.shape.dropLast() == b.shape.dropLast(),
                     "concat: shapes \(a.shape) and \(b.shape) differ outside the last axis")
        let ca = a.shape[a.rank - 1], cb = b.shape[b.rank - 1], rows = a.count / Swift.max(ca, 1)
        let y = Tensor(uninitialized: Array(a.shape.dropLast()) + [ca + cb])
        let block = 256, (ap, bp, yp) = (a.pointer, b.pointer, y.pointer)
        ComputeThreads.parallelFor((rows + block - 1) / block) { i in
            let r0 = i * block
            csk_concat_rows(ap + r0 * ca, ca, bp + r0 * cb, cb, yp + r0 * (ca + cb), Swift.min(block, rows - r0))
        }
        return y
    }

    /// `x.narrow(axis, range.lowerBound, range.count)`, copied into a contiguous tensor.
    public static func slice(_ x: Tensor, axis: Int, range: Range<Int>) -> Tensor {
        let a = x.normalize(axis: axis)
        precondition(range.lowerBound >= 0 && range.upperBound <= x.shape[a],
                     "slice \(range) out of bounds for axis \(a) of \(x.shape)")
        if a == 0 { return x.rows(range).copy() }
        var shape = x.shape
        shape[a] = range.count
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        let y = Tensor(zeros: shape)
        let block = range.count * inner, srcRow = x.shape[a] * inner
        for o in 0..<outer {
            (y.pointer + o * block).update(from: x.pointer + o * srcRow + range.lowerBound * inner, count: block)
        }
        return y
    }

    /// `x.permute(order)`, copied into a contiguous tensor.
    public static func permute(_ x: Tensor, _ order: [Int]) -> Tensor {
        OpProfile.measure("permute \(x.shape) \(order)") { permuteKernel(x, order) }
    }

    private static func permuteKernel(_ x: Tensor, _ order: [Int]) -> Tensor {
        precondition(order.sorted() == Array(0..<x.rank), "permute: \(order) is not a permutation of rank \(x.rank)")
        let outShape = order.map { x.shape[$0] }
        let inStrides = x.strides
        let srcStrides = order.map { inStrides[$0] }
        let y = Tensor(uninitialized: outShape)
        let rank = x.rank
        if rank == 0 || y.count == 0 { return x.copy() }
        let last = outShape[rank - 1], lastStride = srcStrides[rank - 1]
        let rows = y.count / last
        // Each chunk of output rows decodes its first row's source offset once, then steps an
        // odometer over the leading output dimensions (no division per row).
        let chunks = Swift.min(rows, ComputeThreads.count * 4)
        let lead = rank - 1
        outShape.withUnsafeBufferPointer { shapeP in
        srcStrides.withUnsafeBufferPointer { strideP in
            ComputeThreads.parallelFor(chunks) { chunk in
                let r0 = rows * chunk / chunks, r1 = rows * (chunk + 1) / chunks
                withUnsafeTemporaryAllocation(of: Int.self, capacity: Swift.max(lead, 1)) { index in
                    var rem = r0, src = 0
                    for dIdx in stride(from: lead - 1, through: 0, by: -1) {
                        index[dIdx] = rem % shapeP[dIdx]; rem /= shapeP[dIdx]
                        src += index[dIdx] * strideP[dIdx]
                    }
                    for r in r0..<r1 {
                        let d = y.pointer + r * last, s = x.pointer + src
                        if lastStride == 1 { d.update(from: s, count: last) } else {
                            for j in 0..<last { d[j] = s[j * lastStride] }
                        }
                        var dIdx = lead - 1
                        while dIdx >= 0 {
                            index[dIdx] += 1
                            src += strideP[dIdx]
                            if index[dIdx] < shapeP[dIdx] { break }
                            src -= index[dIdx] * strideP[dIdx]
                            index[dIdx] = 0
                            dIdx -= 1
                        }
                    }
                }
            }
        }}
        return y
    }

    /// `x.transpose(a, b)`, copied.
    public static func transpose(_ x: Tensor, _ a: Int, _ b: Int) -> Tensor {
        var order = Array(0..<x.rank)
        order.swapAt(x.normalize(axis: a), x.normalize(axis: b))
        return permute(x, order)
    }
}
