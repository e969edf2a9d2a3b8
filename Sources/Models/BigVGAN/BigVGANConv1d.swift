/// A weight-norm-free `torch.nn.Conv1d` of BigVGAN (weight norm folded at conversion), with
/// "same" padding `(k * d - d) / 2` as `bigvgan.utils.get_padding`.
struct BigVGANConv1d {
    /// weight [Cout, Cin, K]; bias [Cout], absent for v2's `conv_post` with `use_bias_at_final: false`.
    let conv: Convolution

    init(_ source: BigVGANTensorSource, _ name: String, inChannels: Int, outChannels: Int, kernel: Int,
         dilation: Int = 1, bias hasBias: Bool = true) throws(WeightsError) {
        let weight = try source("\(name).weight", [outChannels, inChannels, kernel])
        let bias = hasBias ? try source("\(name).bias", [outChannels]) : nil
        conv = Convolution(conv1dWeight: weight, bias: bias, padding: (kernel * dilation - dilation) / 2,
                           dilation: dilation)
    }

    /// x: [N, Cin, L] -> [N, Cout, L]
    func callAsFunction(_ x: Tensor) -> Tensor { conv(x) }
}
