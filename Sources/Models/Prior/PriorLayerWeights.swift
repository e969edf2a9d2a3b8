/// One layer of dalle2-pytorch 1.1.0's `CausalTransformer`: `layers.<i>.0` is the `Attention`,
/// `layers.<i>.1` the `FeedForward` (an `nn.Sequential`, hence the numeric names).
public struct PriorLayerWeights: Sendable {
    // Attention
    /// Learned key and value prepended to every sequence. [2, dim_head]
    public let nullKV: Tensor
    /// Pre-attention LayerNorm gain. [dim]
    public let attentionNorm: Tensor
    /// [heads * dim_head, dim]
    public private(set) var toQ: LinearWeight
    /// One shared key and value head (multi-query). [2 * dim_head, dim]
    public private(set) var toKV: LinearWeight
    /// [dim, heads * dim_head]
    public private(set) var toOut: LinearWeight
    /// LayerNorm gain after the output projection. [dim]
    public let outNorm: Tensor
    // FeedForward
    /// [dim]
    public let feedForwardNorm: Tensor
    /// Value and gate halves for SwiGLU. [2 * inner, dim]
    public private(set) var feedForwardIn: LinearWeight
    /// NormFormer post-activation LayerNorm gain. [inner]
    public let postActivationNorm: Tensor?
    /// [dim, inner]
    public private(set) var feedForwardOut: LinearWeight

    init(_ s: PriorWeightSource, layer i: Int, config c: PriorNetworkConfig) throws(WeightsError) {
        let a = "net.causal_transformer.layers.\(i).0", f = "net.causal_transformer.layers.\(i).1"
        nullKV = try s.take("\(a).null_kv", shape: [2, c.dimHead])
        attentionNorm = try s.take("\(a).norm.g", shape: [c.dim])
        toQ = .float32(try s.take("\(a).to_q.weight", shape: [c.innerDim, c.dim]))
        toKV = .float32(try s.take("\(a).to_kv.weight", shape: [2 * c.dimHead, c.dim]))
        toOut = .float32(try s.take("\(a).to_out.0.weight", shape: [c.dim, c.innerDim]))
        outNorm = try s.take("\(a).to_out.1.g", shape: [c.dim])
        feedForwardNorm = try s.take("\(f).0.g", shape: [c.dim])
        feedForwardIn = .float32(try s.take("\(f).1.weight", shape: [2 * c.ffInner, c.dim]))
        postActivationNorm = c.normformer ? try s.take("\(f).3.g", shape: [c.ffInner]) : nil
        feedForwardOut = .float32(try s.take("\(f).5.weight", shape: [c.dim, c.ffInner]))
    }

    /// This layer with each weight matrix replaced by `transform(matrix)`: the same layer at
    /// another width. The gains and null key/value are small and stay float32.
    public func withMatrices(_ transform: (LinearWeight) -> LinearWeight) -> PriorLayerWeights {
        var layer = self
        layer.toQ = transform(toQ)
        layer.toKV = transform(toKV)
        layer.toOut = transform(toOut)
        layer.feedForwardIn = transform(feedForwardIn)
        layer.feedForwardOut = transform(feedForwardOut)
        return layer
    }
}
