/// One upsampling layer of BigVGAN (`ups.i.0`): `torch.nn.ConvTranspose1d(cin, cout, k, u,
/// padding=(k - u) // 2)`, weight norm folded, which multiplies the length by `u`.
struct BigVGANConvTranspose1d {
    /// weight [Cin, Cout, K], bias [Cout]
    let conv: Convolution

    init(_ source: BigVGANTensorSource, _ name: String, inChannels: Int, outChannels: Int, kernel: Int,
         stride: Int) throws(WeightsError) {
        let weight = try source("\(name).weight", [inChannels, outChannels, kernel])
        let bias = try source("\(name).bias", [outChannels])
        conv = Convolution(convTranspose1dWeight: weight, bias: bias, stride: stride, padding: (kernel - stride) / 2)
    }

    /// x: [N, Cin, L] -> [N, Cout, (L - 1) * u - 2 * padding + k]
    func callAsFunction(_ x: Tensor) -> Tensor { conv(x) }
}
