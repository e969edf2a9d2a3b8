/// `AttentionBlock` of training/clipsonic/unet.py: multi-head self-attention over the H·W
/// positions, then (with cross_attention) attention to the CLIP context tokens, each pre-normed
/// with GroupNorm and added to its input. Matches `F.scaled_dot_product_attention` (scale 1/√D).
struct UNetAttentionBlock: Sendable {
    let norm: UNetNorm
    let qkv: UNetLinear
    let projOut: UNetLinear
    let cross: (norm: UNetNorm, q: UNetLinear, kv: UNetLinear, out: UNetLinear)?
    let heads: Int
    let groups: Int
    let eps: Float

    init(_ w: some UNetWeightSource, channels c: Int, config: UNetConfiguration) throws(WeightsError) {
        norm = try UNetNorm(w, "norm", channels: c)
        qkv = try UNetLinear(w, "qkv", in: c, out: 3 * c)
        projOut = try UNetLinear(w, "proj_out", in: c, out: c)
        if config.crossAttention {
            cross = (try UNetNorm(w, "cross_norm", channels: c), try UNetLinear(w, "cross_q", in: c, out: c),
                     try UNetLinear(w, "cross_kv", in: config.embedDim, out: 2 * c),
                     try UNetLinear(w, "cross_out", in: c, out: c))
        } else {
            cross = nil
        }
        heads = c / config.headChannels
        groups = config.normGroups
        eps = config.normEps
    }

    /// x: [N, H, W, C] (channels-last: its rows are the tokens); context: [N, T, E] when
    /// cross-attention is on -> [N, H, W, C]
    func callAsFunction(_ x: Tensor, context: Tensor?) -> Tensor {
        OpProfile.measure("attention block \(x.dim(3)) @\(x.dim(1))x\(x.dim(2)) n\(x.dim(0))") { attend(x, context: context) }
    }

    private func attend(_ x: Tensor, context: Tensor?) -> Tensor {
        let n = x.dim(0), c = x.dim(3), hw = x.dim(1) * x.dim(2), d = c / heads
        // [N, HW, C] tokens of the normalised input: channels-last activations are tokens already.
        let tokens = UNetGroupNorm.apply(x, groups: groups, norm: norm, eps: eps, silu: false).reshaped([n, hw, c])
        // [N, HW, 3, heads, D] -> [3, N, heads, HW, D]
        let projected = OpProfile.measure("attention: qkv linear") { qkv(tokens) }
        let qkvHeads = OpProfile.measure("attention: split heads") {
            Ops.permute(projected.reshaped([n, hw, 3, heads, d]), [2, 0, 3, 1, 4])
        }
        let a = OpProfile.measure("attention: sdpa \(hw) tokens") {
            Ops.attention(query: qkvHeads[0], key: qkvHeads[1], value: qkvHeads[2])
        }
        let merged = OpProfile.measure("attention: merge heads") { merge(a) }
        let projectedOut = OpProfile.measure("attention: out linear") { projOut(merged) }
        var out = OpProfile.measure("attention: residual") { residual(x, projectedOut) }
        if let cross, let context {
            let t = context.dim(1)
            let q = splitHeads(cross.q(
                UNetGroupNorm.apply(out, groups: groups, norm: cross.norm, eps: eps, silu: false).reshaped([n, hw, c])))
            // [N, T, 2, heads, D] -> [2, N, heads, T, D]
            let kv = Ops.permute(cross.kv(context).reshaped([n, t, 2, heads, d]), [2, 0, 3, 1, 4])
            out = residual(out, cross.out(merge(Ops.attention(query: q, key: kv[0], value: kv[1]))))
        }
        return out
    }

    /// [N, L, C] -> [N, heads, L, D]
    private func splitHeads(_ x: Tensor) -> Tensor {
        Ops.permute(x.reshaped([x.dim(0), x.dim(1), heads, -1]), [0, 2, 1, 3])
    }

    /// [N, heads, L, D] -> [N, L, heads·D]
    private func merge(_ a: Tensor) -> Tensor {
        Ops.permute(a, [0, 2, 1, 3]).reshaped([a.dim(0), a.dim(2), -1])
    }

    /// x + tokens, as x's [N, H, W, C]; tokens: [N, HW, C], fresh from a linear, so the sum
    /// is made in place.
    private func residual(_ x: Tensor, _ tokens: Tensor) -> Tensor {
        Ops.addInPlace(tokens, x)
        return tokens.reshaped(x.shape)
    }
}
