extension Ops {
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
        let s = scale ?? 1 / Float(d).squareRoot()
        let y = Tensor(zeros: [b, h, lq, dv])
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: lq * lk)
        defer { scores.deallocate() }
        for bi in 0..<b {
            for hi in 0..<h {
                let kh = hk == 1 ? 0 : hi
                sgemm(transB: true, m: lq, n: lk, k: d, alpha: s,
                      a: q.pointer + ((bi * h + hi) * lq) * d, lda: d,
                      b: k.pointer + ((bi * hk + kh) * lk) * d, ldb: d,
                      c: scores, ldc: lk)
                let biasBase: UnsafeMutablePointer<Float>? = bias.map {
                    $0.pointer + ($0.rank == 4 ? (bi * h + hi) : hi) * lq * lk
                }
                let mask = keyPaddingMask.map { $0.pointer + bi * lk }
                ComputeThreads.parallelFor(lq, minChunk: 16) { i in
                    let row = scores + i * lk
                    if let biasBase { let br = biasBase + i * lk; for j in 0..<lk { row[j] += br[j] } }
                    if let mask { for j in 0..<lk where mask[j] == 0 { row[j] = -.infinity } }
                    if causal {
                        let last = i + (lk - lq)
                        if last + 1 < lk { for j in Swift.max(0, last + 1)..<lk { row[j] = -.infinity } }
                    }
                    softmaxRow(row, count: lk)
                }
                sgemm(m: lq, n: dv, k: lk, a: scores, lda: lk,
                      b: v.pointer + ((bi * hk + kh) * lk) * dv, ldb: dv,
                      c: y.pointer + ((bi * h + hi) * lq) * dv, ldc: dv)
            }
        }
        return y
    }
}
