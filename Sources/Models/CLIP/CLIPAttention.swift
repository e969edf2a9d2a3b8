/// Multi-head self-attention; matches transformers `CLIPAttention` (q, k, v and out projections
/// with biases, scale head_dim^-0.5).
struct CLIPAttention: Sendable {
    let q: CLIPLinear, k: CLIPLinear, v: CLIPLinear, out: CLIPLinear
    let heads: Int

    init(_ b: WeightBinder, dim: Int, heads: Int) throws(WeightsError) {
        q = try CLIPLinear(b.scoped("q_proj"), in: dim, out: dim)
        k = try CLIPLinear(b.scoped("k_proj"), in: dim, out: dim)
        v = try CLIPLinear(b.scoped("v_proj"), in: dim, out: dim)
        out = try CLIPLinear(b.scoped("out_proj"), in: dim, out: dim)
        self.heads = heads
    }

    /// x: [B, L, D]; keyPaddingMask: [B, L] (1 = attend) -> [B, L, D]
    func callAsFunction(_ x: Tensor, causal: Bool, keyPaddingMask: Tensor?) -> Tensor {
        let hd = x.dim(2) / heads
        return out(Ops.attention(query: TokenHeads(q(x), size: hd), key: TokenHeads(k(x), size: hd),
                                 value: TokenHeads(v(x), size: hd), heads: heads, causal: causal,
                                 keyPaddingMask: keyPaddingMask))
    }
}
