import CKernels

extension Ops {
    /// Query rows per work item of `attention`: a block's scores (rows x keys) stay in L2.
    static let attentionRowBlock = 128

    /// Scaled dot-product attention, as `torch.nn.functional.scaled_dot_product_attention`
    /// computes it, extended with multi-query key/value sharing and an additive bias.
    ///
    /// q: [B, H, Lq, D], k: [B, Hk, Lk, D], v: [B, Hk, Lk, Dv] with Hk == H or Hk == 1.
    /// `causal`: query i sees keys j <= i + (Lk - Lq) (aligned at the end, so cached prefixes work).
    /// `keyPaddingMask`: [B, Lk], nonzero = attend. `bias`: [H, Lq, Lk] or [B, H, Lq, Lk], added
    /// to the scaled scores. -> [B, H, Lq, Dv]
    public static func attention(query q: Tensor, key k: Tensor, value v: Tensor, scale: Float? = nil,
                                 causal: Bool = false, keyPaddingMask: Tensor? = nil,
                                 bias: Tensor? = nil) -> Tensor {
        precondition(q.rank == 4 && k.rank == 4 && v.rank == 4, "attention wants rank-4 q, k, v")
        let b = q.shape[0], h = q.shape[1], lq = q.shape[2], d = q.shape[3]
        let hk = k.shape[1], lk = k.shape[2], dv = v.shape[3]
        precondition(k.shape[0] == b && v.shape[0] == b && k.shape[3] == d && v.shape[2] == lk
                     && v.shape[1] == hk && (hk == h || hk == 1),
                     "attention: q \(q.shape), k \(k.shape), v \(v.shape) do not fit")
        if let m = keyPaddingMask { precondition(m.shape == [b, lk], "attention: mask \(m.shape), expected [\(b), \(lk)]") }
        if let bias {
            precondition((bias.rank == 3 && bias.shape == [h, lq, lk]) || (bias.rank == 4 && bias.shape == [b, h, lq, lk]),
                         "attention: bias \(bias.shape), expected [\(h), \(lq), \(lk)]")
        }
        return OpProfile.measure("sdpa \(b)x\(h) heads, \(lq)x\(lk) x\(d)") {
            attentionBlocks(q, k, v, scale: scale ?? 1 / Float(d).squareRoot(), causal: causal,
                            keyPaddingMask: keyPaddingMask, bias: bias)
        }
    }

    private static func attentionBlocks(_ q: Tensor, _ k: Tensor, _ v: Tensor, scale s: Float, causal: Bool,
                                        keyPaddingMask: Tensor?, bias: Tensor?) -> Tensor {
        let b = q.shape[0], h = q.shape[1], lq = q.shape[2], d = q.shape[3]
        let hk = k.shape[1], lk = k.shape[2], dv = v.shape[3]
        let y = Tensor(uninitialized: [b, h, lq, dv])  // every block of query rows written by its GEMM
        // Work items are blocks of query rows of one (batch, head): each thread runs whole items
        // (their GEMMs single-threaded inside the parallel loop), and a block's scores stay in cache
        // between the two GEMMs and the softmax.
        let rowsPerBlock = Swift.min(lq, Self.attentionRowBlock)
        let blocks = (lq + rowsPerBlock - 1) / rowsPerBlock
        ComputeThreads.parallelFor(b * h * blocks) { item in
            let bi = item / (h * blocks), hi = (item / blocks) % h, r0 = (item % blocks) * rowsPerBlock
            let rows = Swift.min(rowsPerBlock, lq - r0)
            let kh = hk == 1 ? 0 : hi
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: rows * lk)
            let sums = UnsafeMutablePointer<Float>.allocate(capacity: rows)
            defer { scores.deallocate(); sums.deallocate() }
            sgemm(transB: true, m: rows, n: lk, k: d, alpha: s,
                  a: q.pointer + ((bi * h + hi) * lq + r0) * d, lda: d,
                  b: k.pointer + ((bi * hk + kh) * lk) * d, ldb: d,
                  c: scores, ldc: lk)
            let biasBase: UnsafeMutablePointer<Float>? = bias.map {
                $0.pointer + ($0.rank == 4 ? (bi * h + hi) : hi) * lq * lk
            }
            let mask = keyPaddingMask.map { $0.pointer + bi * lk }
            for i in 0..<rows {
                let row = scores + i * lk, qi = r0 + i
                if let biasBase { let br = biasBase + qi * lk; for j in 0..<lk { row[j] += br[j] } }
                if let mask { for j in 0..<lk where mask[j] == 0 { row[j] = -.infinity } }
                if causal {
                    let last = qi + (lk - lq)
                    if last + 1 < lk { for j in Swift.max(0, last + 1)..<lk { row[j] = -.infinity } }
                }
                sums[i] = csk_softmax_exp_row(row, lk)
            }
            // The softmax's division is applied to the dv outputs of a row, not its lk weights.
            let out = y.pointer + ((bi * h + hi) * lq + r0) * dv
            sgemm(m: rows, n: dv, k: lk, a: scores, lda: lk,
                  b: v.pointer + ((bi * hk + kh) * lk) * dv, ldb: dv,
                  c: out, ldc: dv)
            for i in 0..<rows where sums[i] != 0 {
                let inv = 1 / sums[i], o = out + i * dv
                for j in 0..<dv { o[j] *= inv }
            }
        }
        return y
    }
}
