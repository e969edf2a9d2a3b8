import Foundation

/// NVIDIA's BigVGAN generator (v1 and v2): mel spectrogram -> waveform.
///
/// Matches `bigvgan.bigvgan.BigVGAN.forward` (PyPI `bigvgan` 2.4.1, torch activation path):
/// ```
/// x = conv_pre(mel)                                    // [N, C0, T]
/// for each stage i:                                    // C_{i+1} = C0 / 2^(i+1)
///     x = ups[i][0](x)                                 // [N, C_{i+1}, T * u_0 * ... * u_i]
///     x = mean_j resblocks[i * K + j](x)               // K = len(resblock_kernel_sizes)
/// x = conv_post(activation_post(x))                    // [N, 1, T * hop]
/// x = tanh(x) if use_tanh_at_final else clamp(x, -1, 1)
/// ```
/// Tensor names are NVIDIA's with weight norm folded (`ups.0.0.weight`, not `weight_g`/`weight_v`).
public struct BigVGAN: Sendable {
    public let configuration: BigVGANConfiguration
    let convPre: BigVGANConv1d
    let ups: [BigVGANConvTranspose1d]
    let resblocks: [any AMPBlock]
    let activationPost: AntiAliasedActivation
    let convPost: BigVGANConv1d

    init(configuration c: BigVGANConfiguration, source: BigVGANTensorSource) throws {
        try c.validate()
        configuration = c
        convPre = try BigVGANConv1d(source, "conv_pre", inChannels: c.numMels,
                                    outChannels: c.upsampleInitialChannel, kernel: 7)
        var ups: [BigVGANConvTranspose1d] = []
        var blocks: [any AMPBlock] = []
        for (i, (u, k)) in zip(c.upsampleRates, c.upsampleKernelSizes).enumerated() {
            let cin = c.upsampleInitialChannel >> i, cout = c.channels(afterStage: i)
            ups.append(try BigVGANConvTranspose1d(source, "ups.\(i).0", inChannels: cin, outChannels: cout,
                                                  kernel: k, stride: u))
            for (j, (rk, dilations)) in zip(c.resblockKernelSizes, c.resblockDilationSizes).enumerated() {
                let name = "resblocks.\(i * c.resblockKernelSizes.count + j)"
                if c.resblock == "1" {
                    blocks.append(try AMPBlock1(source, name, channels: cout, kernel: rk, dilations: dilations,
                                                configuration: c))
                } else {
                    blocks.append(try AMPBlock2(source, name, channels: cout, kernel: rk, dilations: dilations,
                                                configuration: c))
                }
            }
        }
        self.ups = ups
        resblocks = blocks
        let last = c.channels(afterStage: c.upsampleRates.count - 1)
        activationPost = try AntiAliasedActivation(source, "activation_post", channels: last,
                                                   kind: c.activation, logScale: c.snakeLogScale)
        convPost = try BigVGANConv1d(source, "conv_post", inChannels: last, outChannels: 1, kernel: 7,
                                     bias: c.useBiasAtFinal)
    }

    /// Waveform of a mel spectrogram: `[N, numMels, T]` -> `[N, 1, T * hop]`
    /// (`[numMels, T]` -> `[1, 1, T * hop]`), in [-1, 1].
    public func callAsFunction(_ mel: Tensor) throws -> Tensor {
        let m = mel.rank == 2 ? mel.reshaped([1] + mel.shape) : mel
        guard m.rank == 3, m.dim(1) == configuration.numMels, m.dim(2) > 0 else {
            throw AudioError.shapeMismatch(what: "BigVGAN input mel", got: mel.shape,
                                           expected: "[N, \(configuration.numMels), T] with T > 0")
        }
        var x = convPre(m)
        let perStage = configuration.resblockKernelSizes.count
        for (i, up) in ups.enumerated() {
            x = up(x)
            let sum = resblocks[i * perStage](x)
            for j in 1..<perStage { addInPlace(sum, resblocks[i * perStage + j](x)) }
            divideInPlace(sum, Float(perStage))
            x = sum
        }
        let y = convPost(activationPost(x))
        let p = y.pointer
        if configuration.useTanhAtFinal {
            for i in 0..<y.count { p[i] = tanhf(p[i]) }
        } else {
            for i in 0..<y.count { p[i] = Swift.min(1, Swift.max(-1, p[i])) }
        }
        return y
    }

    private func addInPlace(_ a: Tensor, _ b: Tensor) {
        let pa = a.pointer, pb = b.pointer
        for i in 0..<a.count { pa[i] += pb[i] }
    }

    private func divideInPlace(_ a: Tensor, _ s: Float) {
        let pa = a.pointer
        for i in 0..<a.count { pa[i] /= s }
    }
}
