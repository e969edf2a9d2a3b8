/// `nn.Linear` with its weights (`<name>.weight` [out, in], optional `<name>.bias` [out]).
struct CLIPLinear: Sendable {
    let weight: Tensor
    let bias: Tensor?

    init(_ b: WeightBinder, in inFeatures: Int, out outFeatures: Int, bias hasBias: Bool = true) throws(WeightsError) {
        weight = try b.take("weight", shape: [outFeatures, inFeatures])
        bias = hasBias ? try b.take("bias", shape: [outFeatures]) : nil
    }

    /// x: [..., in] -> [..., out]
    func callAsFunction(_ x: Tensor) -> Tensor { Ops.linear(x, weight: weight, bias: bias) }
}
