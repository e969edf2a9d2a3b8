/// A linear layer's weights as `nn.Linear` stores them. weight: [out, in], bias: [out]
public struct PriorLinear: Sendable {
    public let weight: Tensor
    public let bias: Tensor?

    /// Reads `<name>.weight` and, when `bias`, `<name>.bias`.
    init(_ source: PriorWeightSource, _ name: String, out: Int, in inputs: Int, bias: Bool) throws(WeightsError) {
        weight = try source.take("\(name).weight", shape: [out, inputs])
        self.bias = bias ? try source.take("\(name).bias", shape: [out]) : nil
    }

    /// x: [..., in] -> [..., out]
    func callAsFunction(_ x: Tensor) -> Tensor { Ops.linear(x, weight: weight, bias: bias) }
}
