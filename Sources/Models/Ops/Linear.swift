import CKernels

extension Ops {
    /// `torch.nn.functional.linear`: y = x W^T + b.
    /// x: [..., in], weight: [out, in], bias: [out] -> [..., out]
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        precondition(weight.rank == 2, "linear weight must be [out, in], got \(weight.shape)")
        let inF = weight.shape[1], outF = weight.shape[0]
        precondition(x.rank >= 1 && x.shape[x.rank - 1] == inF,
                     "linear: input \(x.shape) does not end in \(inF)")
        let rows = x.count / Swift.max(inF, 1)
        return OpProfile.measure("linear \(rows)x\(inF)->\(outF)") { linearRows(x, rows: rows, weight: weight, bias: bias) }
    }

    /// Up to this many rows, a linear layer reads its weights in place (`csk_linear_rows`) rather
    /// than through sgemm: measured on two cores against weights streamed from memory, 2.0-2.1×
    /// oneDNN's sgemm at the prior's 6 rows, 1.1-2.0× at CLIP text's 13, 1.0-1.3× at 16 and
    /// even or behind from 24 (bench/README.md, "A few rows against many weights").
    static let fewRows = 16

    private static func linearRows(_ x: Tensor, rows: Int, weight: Tensor, bias: Tensor?) -> Tensor {
        let inF = weight.shape[1], outF = weight.shape[0]
        if let bias { precondition(bias.count == outF, "linear bias \(bias.shape) does not match \(outF)") }
        if rows <= fewRows && inF > 0 { return linearFewRows(x, rows: rows, weight: weight, bias: bias) }
        // Every element is written: by the bias copy, or by the GEMM with beta 0 (C is not read).
        let y = Tensor(uninitialized: Array(x.shape.dropLast()) + [outF])
        var beta: Float = 0
        if let bias {
            for r in 0..<rows { (y.pointer + r * outF).update(from: bias.pointer, count: outF) }
            beta = 1
        }
        let threads = ComputeThreads.count
        if rows < splitColumnsBelow && threads > 1 && outF >= 64 * threads && !useOpenBLAS {
            // Each thread multiplies every row by its own run of output columns (whole multiples
            // of 16), in a single-threaded sgemm, so it reads only its share of the weights.
            let xs = x.pointer, ws = weight.pointer, ys = y.pointer, b = beta
            ComputeThreads.parallelFor(threads) { p in
                let j0 = outF * p / threads / 16 * 16, j1 = p == threads - 1 ? outF : outF * (p + 1) / threads / 16 * 16
                sgemm(transB: true, m: rows, n: j1 - j0, k: inF, a: xs, lda: inF,
                      b: ws + j0 * inF, ldb: inF, beta: b, c: ys + j0, ldc: outF)
            }
            return y
        }
        sgemm(transB: true, m: rows, n: outF, k: inF, a: x.pointer, lda: inF,
              b: weight.pointer, ldb: inF, beta: beta, c: y.pointer, ldc: outF)
        return y
    }

    /// Below this many rows, the threads split a layer's output columns between them rather than
    /// leaving the split to oneDNN's sgemm, which there has both threads read all the weights:
    /// with weights from memory, 257×1024→4096 8.5 → 7.4 ms, 257×4096→1024 8.7 → 7.7 ms,
    /// 77×3072→768 2.1 → 1.6 ms; from 860 rows even, and 3440×384→1152 0.95× (bench/README.md).
    static let splitColumnsBelow = 512

    /// Each thread takes one contiguous run of output columns (whole groups of 4), so it streams
    /// its share of the weights front to back.
    private static func linearFewRows(_ x: Tensor, rows: Int, weight: Tensor, bias: Tensor?) -> Tensor {
        let inF = weight.shape[1], outF = weight.shape[0]
        let y = Tensor(uninitialized: Array(x.shape.dropLast()) + [outF])
        let groups = (outF + 3) / 4, pieces = Swift.min(ComputeThreads.count, groups)
        let xs = x.pointer, ws = weight.pointer, ys = y.pointer, bs = bias?.pointer
        ComputeThreads.parallelFor(pieces) { p in
            let j0 = Swift.min(outF, groups * p / pieces * 4), j1 = Swift.min(outF, groups * (p + 1) / pieces * 4)
            csk_linear_rows(xs, rows, inF, ws, j0, j1, bs.map { UnsafePointer($0) }, ys, outF)
        }
        return y
    }

    /// `torch.matmul` over matching leading batch dimensions.
    /// a: [B..., M, K] (or [B..., K, M] with transposeA), b: [B..., K, N] (or [B..., N, K] with
    /// transposeB); b may also be rank 2 and shared by every batch. -> [B..., M, N]
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false,
                              transposeB: Bool = false) -> Tensor {
        precondition(a.rank >= 2 && b.rank >= 2, "matmul needs rank >= 2, got \(a.shape) and \(b.shape)")
        let ar = a.shape[a.rank - 2], ac = a.shape[a.rank - 1]
        let br = b.shape[b.rank - 2], bc = b.shape[b.rank - 1]
        let (m, k) = transposeA ? (ac, ar) : (ar, ac)
        let (k2, n) = transposeB ? (bc, br) : (br, bc)
        precondition(k == k2, "matmul: inner sizes differ: \(a.shape) x \(b.shape)")
        let batchShape = Array(a.shape.dropLast(2))
        let batch = batchShape.reduce(1, *)
        let shared = b.rank == 2
        precondition(shared || Array(b.shape.dropLast(2)) == batchShape,
                     "matmul: batch shapes differ: \(a.shape) x \(b.shape)")
        let y = Tensor(zeros: batchShape + [m, n])
        for i in 0..<batch {
            sgemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k,
                  a: a.pointer + i * ar * ac, lda: ac,
                  b: b.pointer + (shared ? 0 : i * br * bc), ldb: bc,
                  c: y.pointer + i * m * n, ldc: n)
        }
        return y
    }
}

extension Ops {
    /// `linear` without a bias, for a weight at either width. A half weight multiplies exactly
    /// as its widened float32 copy would, up to the order of the sums; its kernel is as fast as
    /// float32 GEMM at the prior's 78 prompt rows (bench/README.md) and twice as fast at 6.
    /// x: [..., in] -> [..., out]
    public static func linear(_ x: Tensor, weight: LinearWeight) -> Tensor {
        switch weight {
        case .float32(let w):
            return linear(x, weight: w, bias: nil)
        case .float16(let w):
            precondition(x.rank >= 1 && x.shape[x.rank - 1] == w.columns,
                         "linear: input \(x.shape) does not end in \(w.columns)")
            let rows = x.count / Swift.max(w.columns, 1)
            return OpProfile.measure("linear f16 \(rows)x\(w.columns)->\(w.rows)") { linearHalf(x, rows: rows, weight: w) }
        }
    }

    private static func linearHalf(_ x: Tensor, rows: Int, weight w: HalfMatrix) -> Tensor {
        let y = Tensor(uninitialized: Array(x.shape.dropLast()) + [w.rows])
        // Four panels (64 output columns) a piece: each thread streams its own contiguous run
        // of the weights, once for all the activation rows.
        let piece = 4, count = w.panelCount, pieces = (count + piece - 1) / piece
        let xs = x.pointer, ys = y.pointer, panels = w.panels, k = w.columns, out = w.rows
        ComputeThreads.parallelFor(pieces) { p in
            csk_linear_half(xs, rows, k, panels, out, p * piece, Swift.min(count, (p + 1) * piece), ys, out)
        }
        return y
    }
}
