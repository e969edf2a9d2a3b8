/// The weights of one `nn.Linear`: weight [out, in], bias [out].
struct UNetLinear: Sendable {
    let weight: Tensor
    let bias: Tensor

    init(_ w: some UNetWeightSource, _ name: String, in inF: Int, out outF: Int) throws(WeightsError) {
        weight = try w.take("\(name).weight", shape: [outF, inF])
        bias = try w.take("\(name).bias", shape: [outF])
    }

    /// x: [..., in] -> [..., out]
    func callAsFunction(_ x: Tensor) -> Tensor { Ops.linear(x, weight: weight, bias: bias) }
}

/// One `nn.Conv2d` with bias: weight [out, in, k, k], "same" padding, planned once per input shape,
/// on the U-Net's channels-last activations.
struct UNetConv2d: Sendable {
    let conv: Convolution

    init(_ w: some UNetWeightSource, _ name: String, in cin: Int, out cout: Int, kernel: Int,
         stride: Int = 1) throws(WeightsError) {
        let weight = try w.take("\(name).weight", shape: [cout, cin, kernel, kernel])
        let bias = try w.take("\(name).bias", shape: [cout])
        conv = Convolution(conv2dWeight: weight, bias: bias, stride: Size2(stride, stride),
                           padding: Size2(kernel / 2, kernel / 2))
    }

    /// x: [N, H, W, in] -> [N, H/stride, W/stride, out]
    func callAsFunction(_ x: Tensor) -> Tensor { conv(channelsLast: x) }

    /// Whether the layer runs on 16-channel blocks for a channels-last input [N, H, W, in].
    func runsOnBlocks(_ shape: [Int]) -> Bool { conv.runsOnBlocks(channelsLast: [shape[0], shape[3], shape[1], shape[2]]) }

    /// x: channels-last or in 16-channel blocks ([N, in/16, H, W, 16]); the output in blocks when
    /// `blockedOutput`. Only where `runsOnBlocks`.
    func callAsFunction(blocks x: Tensor, blockedOutput: Bool) -> Tensor { conv(blocks: x, blockedOutput: blockedOutput) }
}

/// The affine weights of one `nn.GroupNorm` or `nn.LayerNorm`: [C] each.
struct UNetNorm: Sendable {
    let weight: Tensor
    let bias: Tensor

    init(_ w: some UNetWeightSource, _ name: String, channels: Int) throws(WeightsError) {
        weight = try w.take("\(name).weight", shape: [channels])
        bias = try w.take("\(name).bias", shape: [channels])
    }
}
