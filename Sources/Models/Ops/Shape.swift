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
        // Long rows: one copy per (outer index, input), independent, in parallel. Short rows (the
        // channels of channels-last activations) go in runs of about 64 KB, each run writing its
        // output rows whole: one copy per row through the thread pool cost 300 ms over a
        // models/mini take, runs 20-25 ms (a kernel for two inputs alone: 19 ms, within the noise).
        let run = (1 << 14) / Swift.max(rowOut, 1)
        if run <= 1 {
            ComputeThreads.parallelFor(outer * xs.count) { i in
                let o = i / xs.count, k = i % xs.count
                (y.pointer + o * rowOut + offsets[k]).update(from: xs[k].pointer + o * blocks[k], count: blocks[k])
            }
        } else {
            ComputeThreads.parallelFor((outer + run - 1) / run) { r in
                let o = r * run
                var sources: [UnsafePointer<Float>?] = xs.indices.map { UnsafePointer(xs[$0].pointer + o * blocks[$0]) }
                var widths = blocks
                csk_concat_rows(&sources, &widths, xs.count, y.pointer + o * rowOut, Swift.min(run, outer - o))
            }
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
