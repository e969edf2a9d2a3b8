/// The audio encoder of training/clipsonic/audio_encoder.py: a normalised log-mel into the bundle's
/// CLIP embedding space (issue #19, Wav2CLIP-style). Reads top to bottom like the PyTorch forward:
///
///   mel [N, n_mels, frames] -> [N, 1, n_mels, frames]
///   -> blocks.i: conv 3x3 (stride 1 for the first block, 2 after, padding 1), GroupNorm, SiLU
///   -> mean over frequency and time -> hidden (linear), SiLU -> out (linear) -> L2-normalised
///
/// Any frame count from 1 up runs (a stride-2 conv with padding 1 takes odd sizes), so a long
/// take is embedded whole. Weights are taken by their PyTorch names, strictly.
public struct AudioEncoder: Sendable {
    struct Block: Sendable {
        let conv: Convolution
        let normWeight: Tensor
        let normBias: Tensor
    }

    public let configuration: AudioEncoderConfiguration
    let blocks: [Block]
    let hiddenWeight: Tensor, hiddenBias: Tensor
    let outWeight: Tensor, outBias: Tensor

    /// Takes every weight from `weights` by name and shape; call `weights.finish()` afterwards
    /// to refuse tensors the config does not use.
    public init(configuration c: AudioEncoderConfiguration, weights w: WeightBinder) throws(WeightsError) {
        configuration = c
        var blocks: [Block] = []
        for (i, (cin, cout)) in zip(c.inputChannels, c.channels).enumerated() {
            let b = w.scoped("blocks.\(i)")
            let stride = i == 0 ? 1 : 2
            blocks.append(Block(
                conv: Convolution(conv2dWeight: try b.take("conv.weight", shape: [cout, cin, 3, 3]),
                                  bias: try b.take("conv.bias", shape: [cout]),
                                  stride: Size2(stride, stride), padding: Size2(1, 1)),
                normWeight: try b.take("norm.weight", shape: [cout]),
                normBias: try b.take("norm.bias", shape: [cout])))
        }
        self.blocks = blocks
        let widest = c.channels[c.channels.count - 1]
        hiddenWeight = try w.take("hidden.weight", shape: [c.hiddenDim, widest])
        hiddenBias = try w.take("hidden.bias", shape: [c.hiddenDim])
        outWeight = try w.take("out.weight", shape: [c.embedDim, c.hiddenDim])
        outBias = try w.take("out.bias", shape: [c.embedDim])
    }

    /// mel: [N, n_mels, frames] or [n_mels, frames] (the bundle's normalised log-mel) ->
    /// [N, embed_dim] (or [embed_dim]), each row of unit length.
    public func embed(_ mel: Tensor) throws(AudioEncoderError) -> Tensor {
        let batched = mel.rank == 3
        guard mel.rank == 2 || batched, mel.shape[mel.rank - 2] == configuration.nMels, mel.shape[mel.rank - 1] >= 1,
              !batched || mel.shape[0] >= 1 else {
            throw .wrongShape(found: mel.shape, nMels: configuration.nMels)
        }
        let n = batched ? mel.shape[0] : 1
        var h = mel.reshaped([n, 1, configuration.nMels, mel.shape[mel.rank - 1]])
        for block in blocks {
            // x: [N, Cin, H, W] -> [N, Cout, ceil(H/s), ceil(W/s)]
            h = Ops.silu(Ops.groupNorm(block.conv(h), groups: configuration.normGroups,
                                       weight: block.normWeight, bias: block.normBias, eps: configuration.normEps))
        }
        let pooled = Self.meanOverPositions(h)  // [N, C]
        let e = Ops.linear(Ops.silu(Ops.linear(pooled, weight: hiddenWeight, bias: hiddenBias)),
                           weight: outWeight, bias: outBias)
        Self.normalizeRows(e)
        return batched ? e : e.reshaped([configuration.embedDim])
    }

    /// x: [N, C, H, W] -> [N, C], the mean of each channel's plane (summed in Double: a long
    /// take's plane has hundreds of thousands of positions).
    static func meanOverPositions(_ x: Tensor) -> Tensor {
        let n = x.shape[0], c = x.shape[1], plane = x.shape[2] * x.shape[3]
        let y = Tensor(zeros: [n, c])
        for row in 0..<(n * c) {
            let p = x.pointer + row * plane
            var sum = 0.0
            for j in 0..<plane { sum += Double(p[j]) }
            y.pointer[row] = Float(sum / Double(plane))
        }
        return y
    }

    /// In place, `torch.nn.functional.normalize(x, dim=-1)`: x / max(|x|, 1e-12). x: [N, D]
    static func normalizeRows(_ x: Tensor) {
        let d = x.shape[1]
        for row in 0..<x.shape[0] {
            let p = x.pointer + row * d
            var sum = 0.0
            for j in 0..<d { sum += Double(p[j]) * Double(p[j]) }
            let scale = Float(1 / Swift.max(sum.squareRoot(), 1e-12))
            for j in 0..<d { p[j] *= scale }
        }
    }
}
