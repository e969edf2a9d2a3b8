/// One upsampling layer of BigVGAN (`ups.i.0`): `torch.nn.ConvTranspose1d(cin, cout, k, u,
/// padding=(k - u) // 2)`, weight norm folded, which multiplies the length by `u`.
struct BigVGANConvTranspose1d {
    /// [Cin, Cout, K]
    let weight: Tensor
    /// [Cout]
    let bias: Tensor
    let stride: Int
    let padding: Int

    init(_ source: BigVGANTensorSource, _ name: String, inChannels: Int, outChannels: Int, kernel: Int,
         stride: Int) throws(WeightsError) {
        weight = try source("\(name).weight", [inChannels, outChannels, kernel])
        bias = try source("\(name).bias", [outChannels])
        self.stride = stride
        padding = (kernel - stride) / 2
    }

    /// x: [N, Cin, L] -> [N, Cout, (L - 1) * u - 2 * padding + k]
    func callAsFunction(_ x: Tensor) -> Tensor {
        Ops.convTranspose1d(x, weight: weight, bias: bias, stride: stride, padding: padding)
    }
}
