/// One pre-norm transformer block; matches transformers `CLIPEncoderLayer`:
/// x + attn(ln1(x)), then + fc2(act(fc1(ln2(x)))).
struct CLIPEncoderLayer: Sendable {
    let layerNorm1: CLIPLayerNorm
    let attention: CLIPAttention
    let layerNorm2: CLIPLayerNorm
    let fc1: CLIPLinear
    let fc2: CLIPLinear
    let activation: CLIPActivation

    init(_ b: WeightBinder, dim: Int, intermediate: Int, heads: Int, eps: Float,
         activation: CLIPActivation) throws(WeightsError) {
        layerNorm1 = try CLIPLayerNorm(b.scoped("layer_norm1"), dim: dim, eps: eps)
        attention = try CLIPAttention(b.scoped("self_attn"), dim: dim, heads: heads)
        layerNorm2 = try CLIPLayerNorm(b.scoped("layer_norm2"), dim: dim, eps: eps)
        fc1 = try CLIPLinear(b.scoped("mlp.fc1"), in: dim, out: intermediate)
        fc2 = try CLIPLinear(b.scoped("mlp.fc2"), in: intermediate, out: dim)
        self.activation = activation
    }

    /// x: [B, L, D] -> [B, L, D]
    func callAsFunction(_ x: Tensor, causal: Bool, keyPaddingMask: Tensor?) -> Tensor {
        let h = x + attention(layerNorm1(x), causal: causal, keyPaddingMask: keyPaddingMask)
        return h + fc2(activation.apply(fc1(layerNorm2(h))))
    }
}
