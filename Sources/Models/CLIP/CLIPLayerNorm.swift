/// `nn.LayerNorm` with its weights (`<name>.weight`, `<name>.bias`).
struct CLIPLayerNorm: Sendable {
    let weight: Tensor
    let bias: Tensor
    let eps: Float

    init(_ b: WeightBinder, dim: Int, eps: Float) throws(WeightsError) {
        weight = try b.take("weight", shape: [dim])
        bias = try b.take("bias", shape: [dim])
        self.eps = eps
    }

    func callAsFunction(_ x: Tensor) -> Tensor { Ops.layerNorm(x, weight: weight, bias: bias, eps: eps) }
}
