/// A weight-norm-free `torch.nn.Conv1d` of BigVGAN (weight norm folded at conversion), with
/// "same" padding `(k * d - d) / 2` as `bigvgan.utils.get_padding`.
struct BigVGANConv1d {
    /// [Cout, Cin, K]
    let weight: Tensor
    /// [Cout], absent for v2's `conv_post` with `use_bias_at_final: false`.
    let bias: Tensor?
    let dilation: Int
    let padding: Int

    init(_ source: BigVGANTensorSource, _ name: String, inChannels: Int, outChannels: Int, kernel: Int,
         dilation: Int = 1, bias hasBias: Bool = true) throws(WeightsError) {
        weight = try source("\(name).weight", [outChannels, inChannels, kernel])
        bias = hasBias ? try source("\(name).bias", [outChannels]) : nil
        self.dilation = dilation
        padding = (kernel * dilation - dilation) / 2
    }

    /// x: [N, Cin, L] -> [N, Cout, L]
    func callAsFunction(_ x: Tensor) -> Tensor {
        Ops.conv1d(x, weight: weight, bias: bias, padding: padding, dilation: dilation)
    }
}
