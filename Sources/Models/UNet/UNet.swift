import Foundation

/// The CLIPSonic mel-spectrogram U-Net (ADM-style), weight-compatible with `UNet` in
/// training/clipsonic/unet.py, whose state_dict names are the tensor names read here.
///
/// x [N, 1, n_mels, frames] is zero-padded (bottom, right) to a multiple of 2^(levels-1), run
/// through conv_in, the levels down, mid (res, attn, res), the levels up with skip connections,
/// GroupNorm-SiLU-conv_out, and cropped back. Conditioning: emb = time_embed(sinusoidal(t)) +
/// clip_proj(clip) drives every residual block's scale and shift (FiLM); with cross_attention the
/// attention blocks also attend to tokens projected from the CLIP embedding. The batch is a set of
/// independent samples, so guidance runs its conditional and unconditional halves in one call.
/// Inside, activations are channels-last ([N, H, W, C]): oneDNN's direct kernels read and write
/// them as they lie, the attention blocks take their rows as tokens, and only the network's
/// one-channel input and output change layout, which for one channel is no copy at all.
public struct UNet: Sendable {
    public let configuration: UNetConfiguration
    /// The learned unconditional embedding [clip_dim] for classifier-free guidance.
    public let nullEmbedding: Tensor

    let timeEmbed1: UNetLinear
    let timeEmbed2: UNetLinear
    let clipProj: UNetLinear
    let context: (proj: UNetLinear, norm: UNetNorm)?
    let convIn: UNetConv2d
    let down: [UNetDownLevel]
    let mid: (res1: UNetResBlock, attn: UNetAttentionBlock, res2: UNetResBlock)
    let up: [UNetUpLevel]
    let outNorm: UNetNorm
    let convOut: UNetConv2d

    /// Loads every tensor of the configuration from `weights` and checks nothing is left over.
    /// An inconsistent configuration is reported as `WeightsError.invalidManifest` on `manifest`
    /// at `unet.config.<key>`.
    public init(configuration cfg: UNetConfiguration, weights w: some UNetWeightSource,
                manifest: String = "bundle.json") throws(WeightsError) {
        if let (key, detail) = cfg.problem {
            throw .invalidManifest(file: manifest, path: "unet.config.\(key)", detail: detail)
        }
        configuration = cfg
        let chans = cfg.levelChannels, e = cfg.embedDim
        nullEmbedding = try w.take("null_embedding", shape: [cfg.clipDim])
        timeEmbed1 = try UNetLinear(w, "time_embed.linear_1", in: cfg.baseChannels, out: e)
        timeEmbed2 = try UNetLinear(w, "time_embed.linear_2", in: e, out: e)
        clipProj = try UNetLinear(w, "clip_proj", in: cfg.clipDim, out: e)
        context = cfg.crossAttention
            ? (try UNetLinear(w, "context_proj", in: cfg.clipDim, out: cfg.contextTokens * e),
               try UNetNorm(w, "context_norm", channels: e))
            : nil
        convIn = try UNetConv2d(w, "conv_in", in: cfg.inChannels, out: cfg.baseChannels, kernel: 3)

        // Channel bookkeeping mirrors UNet.__init__: `skips` are the widths pushed on the way down.
        var skips = [cfg.baseChannels]
        var ch = cfg.baseChannels
        var down: [UNetDownLevel] = []
        for (level, cout) in chans.enumerated() {
            let lw = w.scoped("down.\(level)")
            var res: [UNetResBlock] = [], attn: [UNetAttentionBlock] = []
            for i in 0..<cfg.resBlocks {
                res.append(try UNetResBlock(lw.scoped("res.\(i)"), in: ch, out: cout, config: cfg))
                ch = cout
                if cfg.attentionLevels.contains(level) {
                    attn.append(try UNetAttentionBlock(lw.scoped("attn.\(i)"), channels: ch, config: cfg))
                }
                skips.append(ch)
            }
            let last = level == chans.count - 1
            let ds = last ? nil : try UNetConv2d(lw, "downsample.conv", in: ch, out: ch, kernel: 3, stride: 2)
            if !last { skips.append(ch) }
            down.append(UNetDownLevel(res: res, attn: attn, downsample: ds))
        }
        self.down = down
        let mw = w.scoped("mid")
        mid = (try UNetResBlock(mw.scoped("res1"), in: ch, out: ch, config: cfg),
               try UNetAttentionBlock(mw.scoped("attn"), channels: ch, config: cfg),
               try UNetResBlock(mw.scoped("res2"), in: ch, out: ch, config: cfg))

        var up = [UNetUpLevel?](repeating: nil, count: chans.count)
        for level in (0..<chans.count).reversed() {
            let lw = w.scoped("up.\(level)")
            let cout = chans[level]
            var res: [UNetResBlock] = [], attn: [UNetAttentionBlock] = []
            for i in 0...cfg.resBlocks {
                let skip = skips.removeLast()
                res.append(try UNetResBlock(lw.scoped("res.\(i)"), in: ch + skip, out: cout, config: cfg))
                ch = cout
                if cfg.attentionLevels.contains(level) {
                    attn.append(try UNetAttentionBlock(lw.scoped("attn.\(i)"), channels: ch, config: cfg))
                }
            }
            let us = level > 0 ? try UNetConv2d(lw, "upsample.conv", in: ch, out: ch, kernel: 3) : nil
            up[level] = UNetUpLevel(res: res, attn: attn, upsample: us)
        }
        self.up = up.compactMap { $0 }
        outNorm = try UNetNorm(w, "out_norm", channels: ch)
        convOut = try UNetConv2d(w, "conv_out", in: ch, out: cfg.outChannels, kernel: 3)
        try w.finish()
    }

    /// The network output. x: [N, in_channels, H, W] (any H, W), timeSteps: [N],
    /// clip: [N, clip_dim] -> [N, out_channels, H, W].
    public func callAsFunction(_ x: Tensor, timeSteps: Tensor, clip: Tensor) -> Tensor {
        let cfg = configuration
        precondition(x.rank == 4 && x.dim(1) == cfg.inChannels,
                     "U-Net input \(x.shape), expected [N, \(cfg.inChannels), n_mels, frames]")
        let n = x.dim(0), height = x.dim(2), width = x.dim(3)
        precondition(timeSteps.count == n && clip.shape == [n, cfg.clipDim],
                     "U-Net: \(timeSteps.count) time steps and CLIP \(clip.shape) for a batch of \(n)")

        let emb = timeEmbed2(Ops.silu(timeEmbed1(Ops.sinusoidalEmbedding(timeSteps.reshaped([n]), dim: cfg.baseChannels))))
            + clipProj(clip)  // [N, E]
        let embSiLU = Ops.silu(emb)
        let ctx = context.map { c in  // [N, T, E]
            Ops.layerNorm(c.proj(clip).reshaped([n, cfg.contextTokens, cfg.embedDim]),
                          weight: c.norm.weight, bias: c.norm.bias, eps: 1e-5)
        }

        var h = convIn(Self.channelsLast(Self.padded(x, multiple: cfg.sizeMultiple)))
        var skips = [h]
        for level in down {
            for (i, block) in level.res.enumerated() {
                h = block(h, embSiLU: embSiLU)
                if !level.attn.isEmpty { h = level.attn[i](h, context: ctx) }
                skips.append(h)
            }
            if let ds = level.downsample {
                h = ds(h)
                skips.append(h)
            }
        }
        h = mid.res1(h, embSiLU: embSiLU)
        h = mid.attn(h, context: ctx)
        h = mid.res2(h, embSiLU: embSiLU)
        for level in up.reversed() {
            for (i, block) in level.res.enumerated() {
                let skip = skips.removeLast()
                h = block(OpProfile.measure("concat") { Ops.concat([h, skip], axis: 3) }, embSiLU: embSiLU,
                          consumingInput: true)
                if !level.attn.isEmpty { h = level.attn[i](h, context: ctx) }
            }
            if let us = level.upsample {
                h = us(OpProfile.measure("upsample") { Ops.upsampleNearest(channelsLast: h, scale: 2) })
            }
        }
        // The last block's output is read only here, so it is normalised in place.
        h = convOut(UNetGroupNorm.apply(h, groups: cfg.normGroups, norm: outNorm, eps: cfg.normEps, inPlace: true))
        return Self.cropped(Self.channelsFirst(h), height: height, width: width)
    }

    /// Every convolution layer of the network.
    var convolutions: [Convolution] {
        let blocks = down.flatMap(\.res) + [mid.res1, mid.res2] + up.flatMap(\.res)
        let convs = [convIn, convOut] + down.compactMap(\.downsample) + up.compactMap(\.upsample)
            + blocks.flatMap { [$0.conv1, $0.conv2] + ($0.skip.map { [$0] } ?? []) }
        return convs.map(\.conv)
    }

    /// Frees what the network holds only to run fast: the packed weights of every convolution
    /// (`Convolution.releasePackedWeights`), the engine's own Winograd weights, the shared oneDNN
    /// workspace and the idle activation buffers. The engine calls it once a take's denoising is
    /// done, so that none of it is held through the vocoder and between takes; the next step
    /// makes them again.
    public func releaseWorkingMemory() {
        for conv in convolutions { conv.releasePackedWeights() }
        WinogradF43.releaseWeights()
        DNNLWorkspace.shared.release()
        StoragePool.shared.releaseIdle()
    }

    /// [N, C, H, W] -> [N, H, W, C]; the same memory when C is 1 (the mel's single channel).
    static func channelsLast(_ x: Tensor) -> Tensor {
        x.dim(1) == 1 ? x.reshaped([x.dim(0), x.dim(2), x.dim(3), 1]) : Ops.permute(x, [0, 2, 3, 1])
    }

    /// [N, H, W, C] -> [N, C, H, W]; the same memory when C is 1.
    static func channelsFirst(_ x: Tensor) -> Tensor {
        x.dim(3) == 1 ? x.reshaped([x.dim(0), 1, x.dim(1), x.dim(2)]) : Ops.permute(x, [0, 3, 1, 2])
    }

    /// x zero-padded at the bottom and right to multiples of `multiple` (x itself if it fits).
    static func padded(_ x: Tensor, multiple m: Int) -> Tensor {
        let h = x.dim(2), w = x.dim(3)
        let ph = (h + m - 1) / m * m, pw = (w + m - 1) / m * m
        if ph == h && pw == w { return x }
        let planes = x.dim(0) * x.dim(1)
        let y = Tensor(zeros: [x.dim(0), x.dim(1), ph, pw])
        for p in 0..<planes {
            for r in 0..<h {
                (y.pointer + (p * ph + r) * pw).update(from: x.pointer + (p * h + r) * w, count: w)
            }
        }
        return y
    }

    /// The top-left height x width of each plane (x itself if already that size).
    static func cropped(_ x: Tensor, height: Int, width: Int) -> Tensor {
        let h = x.dim(2), w = x.dim(3)
        if h == height && w == width { return x }
        let planes = x.dim(0) * x.dim(1)
        let y = Tensor(zeros: [x.dim(0), x.dim(1), height, width])
        for p in 0..<planes {
            for r in 0..<height {
                (y.pointer + (p * height + r) * width).update(from: x.pointer + (p * h + r) * w, count: width)
            }
        }
        return y
    }
}
