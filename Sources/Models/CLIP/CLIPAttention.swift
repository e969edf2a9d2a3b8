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
        let b = x.dim(0), l = x.dim(1), d = x.dim(2), hd = d / heads
        // [B, L, D] -> [B, H, L, hd]
        func split(_ t: Tensor) -> Tensor { Ops.permute(t.reshaped([b, l, heads, hd]), [0, 2, 1, 3]) }
        let y = Ops.attention(query: split(q(x)), key: split(k(x)), value: split(v(x)),
                              causal: causal, keyPaddingMask: keyPaddingMask)
        return out(Ops.permute(y, [0, 2, 1, 3]).reshaped([b, l, d]))
    }
}
