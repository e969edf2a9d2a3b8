/// One layer of dalle2-pytorch 1.1.0's `CausalTransformer`: `layers.<i>.0` is the `Attention`,
/// `layers.<i>.1` the `FeedForward` (an `nn.Sequential`, hence the numeric names).
public struct PriorLayerWeights: Sendable {
    // Attention
    /// Learned key and value prepended to every sequence. [2, dim_head]
    public let nullKV: Tensor
    /// Pre-attention LayerNorm gain. [dim]
    public let attentionNorm: Tensor
    /// [heads * dim_head, dim]
    public let toQ: Tensor
    /// One shared key and value head (multi-query). [2 * dim_head, dim]
    public let toKV: Tensor
    /// [dim, heads * dim_head]
    public let toOut: Tensor
    /// LayerNorm gain after the output projection. [dim]
    public let outNorm: Tensor
    // FeedForward
    /// [dim]
    public let feedForwardNorm: Tensor
    /// Value and gate halves for SwiGLU. [2 * inner, dim]
    public let feedForwardIn: Tensor
    /// NormFormer post-activation LayerNorm gain. [inner]
    public let postActivationNorm: Tensor?
    /// [dim, inner]
    public let feedForwardOut: Tensor

    init(_ s: PriorWeightSource, layer i: Int, config c: PriorNetworkConfig) throws(WeightsError) {
        let a = "net.causal_transformer.layers.\(i).0", f = "net.causal_transformer.layers.\(i).1"
        nullKV = try s.take("\(a).null_kv", shape: [2, c.dimHead])
        attentionNorm = try s.take("\(a).norm.g", shape: [c.dim])
        toQ = try s.take("\(a).to_q.weight", shape: [c.innerDim, c.dim])
        toKV = try s.take("\(a).to_kv.weight", shape: [2 * c.dimHead, c.dim])
        toOut = try s.take("\(a).to_out.0.weight", shape: [c.dim, c.innerDim])
        outNorm = try s.take("\(a).to_out.1.g", shape: [c.dim])
        feedForwardNorm = try s.take("\(f).0.g", shape: [c.dim])
        feedForwardIn = try s.take("\(f).1.weight", shape: [2 * c.ffInner, c.dim])
        postActivationNorm = c.normformer ? try s.take("\(f).3.g", shape: [c.ffInner]) : nil
        feedForwardOut = try s.take("\(f).5.weight", shape: [c.dim, c.ffInner])
    }
}
