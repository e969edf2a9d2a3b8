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
        // [N, HW, 3C]: q, k and v of each token side by side, each its heads side by side.
        let projected = OpProfile.measure("attention: qkv linear") { qkv(tokens) }
        let merged = OpProfile.measure("attention: sdpa \(hw) tokens") {
            Ops.attention(query: TokenHeads(projected, first: 0, size: d), key: TokenHeads(projected, first: c, size: d),
                          value: TokenHeads(projected, first: 2 * c, size: d), heads: heads)
        }
        let projectedOut = OpProfile.measure("attention: out linear") { projOut(merged) }
        var out = OpProfile.measure("attention: residual") { residual(x, projectedOut) }
        if let cross, let context {
            let q = cross.q(UNetGroupNorm.apply(out, groups: groups, norm: cross.norm, eps: eps, silu: false).reshaped([n, hw, c]))
            // [N, T, 2C]: k and v of each context token.
            let kv = cross.kv(context)
            out = residual(out, cross.out(Ops.attention(query: TokenHeads(q, size: d), key: TokenHeads(kv, first: 0, size: d),
                                                        value: TokenHeads(kv, first: c, size: d), heads: heads)))
        }
        return out
    }

    /// x + tokens, as x's [N, H, W, C]; tokens: [N, HW, C], fresh from a linear, so the sum
    /// is made in place.
    private func residual(_ x: Tensor, _ tokens: Tensor) -> Tensor {
        Ops.addInPlace(tokens, x)
        return tokens.reshaped(x.shape)
    }
}
