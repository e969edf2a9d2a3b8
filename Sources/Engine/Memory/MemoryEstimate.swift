import Models

/// How much memory a bundle's networks need, worked out from their configs alone, so that a
/// bundle too large for this machine is refused with a number before anything is allocated,
/// instead of the process being killed (or swapping for hours) part way through loading.
///
/// The estimate is the weights of every network (held at once, as Float32, the engine's compute
/// type: a conservative figure for F16/BF16 files) plus the largest working set of the one stage
/// running at a time: the CLIP towers, the prior, the U-Net on one window with classifier-free
/// guidance (batch 2: every skip connection, the widest level's working tensors, each attention
/// map), the vocoder on the whole take, and the take's mel and waveform. Parameter counts follow
/// the networks' tensor lists to within a few per cent (`MemoryEstimateTests` compares them with
/// the real files); activations are upper bounds. Arithmetic is in Double: a config that passed
/// its ranges can still describe more bytes than an Int holds.
public struct MemoryEstimate: Sendable {
    /// Bytes of weights, per network.
    var weights: [(name: String, bytes: Double)]
    /// The largest working set of any stage, and that stage's name.
    var activations: (stage: String, bytes: Double)

    public var total: Double { weights.reduce(0) { $0 + $1.bytes } + activations.bytes }

    /// The estimate for a take of `frames` mel frames (the bundle's window or a long take).
    public init(_ configs: BundleConfigs, frames: Int) {
        let f = Double(frames), window = Double(min(frames, configs.audio.frames))
        let mels = Double(configs.audio.nMels), hop = Double(configs.audio.hop)
        var weights = [("CLIP", Self.parameters(configs.clip) * 4), ("U-Net", Self.parameters(configs.unet) * 4)]
        if let prior = configs.prior { weights.append(("prior", Self.parameters(prior.net) * 4)) }
        // Loaded with the bundle; it runs apart from generation, so it adds no stage.
        if let encoder = configs.audioEncoder { weights.append(("audio encoder", Double(encoder.parameterCount) * 4)) }
        var stages = [("CLIP", Self.activations(configs.clip)),
                      ("U-Net", Self.activations(configs.unet, height: mels, width: window))]
        if let prior = configs.prior { stages.append(("prior", Self.activations(prior.net))) }
        switch configs.vocoder {
        case .bigvgan(let v):
            weights.append(("vocoder", Self.parameters(v) * 4))
            stages.append(("vocoder", Self.activations(v, frames: f)))
        case .griffinLim:
            stages.append(("vocoder", Self.griffinLimActivations(nFFT: Double(configs.audio.nFFT), hop: hop, frames: f,
                                                                  mels: mels)))
        }
        // The whole take's mel (and the long-take buffer beside it) and its waveform, kept throughout.
        let take = 4 * (3 * mels * f + 2 * f * hop)
        let largest = stages.max { $0.1 < $1.1 } ?? ("", 0)
        self.weights = weights
        activations = (largest.0, largest.1 + take)
    }

    // MARK: CLIP

    static func parameters(_ c: CLIPConfig) -> Double {
        let t = c.textConfig, v = c.visionConfig
        let th = Double(t.hiddenSize), vh = Double(v.hiddenSize)
        let text = Double(t.vocabSize + t.maxPositionEmbeddings) * th
            + Double(t.numHiddenLayers) * transformerLayer(width: th, inner: Double(t.intermediateSize))
            + th * Double(c.projectionDim)
        let patch = Double(v.numChannels * v.patchSize * v.patchSize)
        let vision = (patch + Double(v.tokenCount) + 1) * vh
            + Double(v.numHiddenLayers) * transformerLayer(width: vh, inner: Double(v.intermediateSize))
            + vh * Double(c.projectionDim)
        return text + vision
    }

    /// Attention (q, k, v, out with biases), the MLP and two LayerNorms.
    static func transformerLayer(width h: Double, inner i: Double) -> Double {
        4 * (h * h + h) + 2 * h * i + i + h + 4 * h
    }

    /// Batch 2 (prompt and negative prompt, or a picture); one attention map per head and the
    /// MLP's hidden tensor, with a factor 4 for the tensors live around them.
    static func activations(_ c: CLIPConfig) -> Double {
        let t = c.textConfig, v = c.visionConfig
        func tower(tokens n: Double, width h: Double, inner i: Double, heads: Double) -> Double {
            4 * 2 * (heads * n * n + n * i + 4 * n * h)
        }
        return 4 * max(tower(tokens: Double(t.maxPositionEmbeddings), width: Double(t.hiddenSize),
                             inner: Double(t.intermediateSize), heads: Double(t.numAttentionHeads)),
                       tower(tokens: Double(v.tokenCount), width: Double(v.hiddenSize),
                             inner: Double(v.intermediateSize), heads: Double(v.numAttentionHeads)))
    }

    // MARK: Prior

    static func parameters(_ n: PriorNetworkConfig) -> Double {
        let d = Double(n.dim), inner = Double(n.innerDim), head = Double(n.dimHead), ff = Double(n.ffInner)
        let layer = d * inner + d * 2 * head + inner * d + d * 2 * ff + ff * d + 4 * d
        let time = n.numTimesteps.map { Double($0) * d * Double(n.numTimeEmbeds) } ?? (d * d * 2 + d * 4)
        let embeds = d * d * Double(n.numImageEmbeds + n.numTextEmbeds) + Double(n.maxTextLen + n.numTextEmbeds + 1) * d
        return Double(n.depth) * layer + time + embeds + d * d + 4 * d
    }

    /// Up to 16 candidates x 2 (guidance), tokens x tokens attention per head.
    static func activations(_ n: PriorNetworkConfig) -> Double {
        let tokens = Double(n.totalTokens), batch = 32.0
        return 4 * batch * 4 * (Double(n.heads) * tokens * tokens + tokens * Double(max(n.ffInner, n.dim)) * 2)
    }

    // MARK: U-Net

    /// Convolutions 3x3 and the embedding projections of every residual block, the attention
    /// blocks, the resamplers and the time/condition embedding.
    static func parameters(_ c: UNetConfiguration) -> Double {
        let e = Double(c.embedDim), channels = c.levelChannels.map(Double.init)
        func block(_ input: Double, _ output: Double) -> Double {
            9 * input * output + 9 * output * output + 2 * e * output + (input == output ? 0 : input * output) + 6 * output
        }
        func attention(_ ch: Double) -> Double { 4 * ch * ch + 6 * ch + (c.crossAttention ? 2 * ch * e : 0) }
        var total = 9 * Double(c.inChannels) * channels[0] + 9 * channels[0] * Double(c.outChannels)
        total += Double(c.clipDim) * e + 2 * e * e + Double(c.baseChannels) * e
        var previous = channels[0]
        for (level, ch) in channels.enumerated() {
            let attends = c.attentionLevels.contains(level)
            for _ in 0..<c.resBlocks {
                total += block(previous, ch) + (attends ? attention(ch) : 0)
                previous = ch
            }
            // The way up: one more block, each taking the skip connection concatenated in.
            for _ in 0...c.resBlocks { total += block(2 * ch, ch) + (attends ? attention(ch) : 0) }
            total += 2 * 9 * ch * ch
        }
        let deepest = channels[channels.count - 1]
        total += 2 * block(deepest, deepest) + attention(deepest)
        return total
    }

    /// One window, batch 2: every skip connection kept for the way up, four working tensors of
    /// the widest level, and the attention maps of a head at each attention level.
    static func activations(_ c: UNetConfiguration, height: Double, width: Double) -> Double {
        let multiple = Double(c.sizeMultiple), batch = 2.0
        let h = (height / multiple).rounded(.up) * multiple, w = (width / multiple).rounded(.up) * multiple
        var skips = 0.0, widest = 0.0, attention = 0.0
        for (level, ch) in c.levelChannels.enumerated() {
            let pixels = h * w / Double(1 << (2 * level))
            skips += Double(c.resBlocks + 1) * Double(ch) * pixels
            widest = max(widest, 2 * Double(ch) * pixels)
            if c.attentionLevels.contains(level) || level == c.levels - 1 {
                attention = max(attention, Double(ch / c.headChannels) * pixels * pixels)
            }
        }
        return 4 * batch * (skips + 4 * widest + 2 * attention)
    }

    // MARK: Vocoders

    static func parameters(_ v: BigVGANConfiguration) -> Double {
        var total = 7 * Double(v.numMels * v.upsampleInitialChannel)
        var channels = Double(v.upsampleInitialChannel)
        for kernel in v.upsampleKernelSizes {
            let next = (channels / 2).rounded(.down)
            total += channels * next * Double(kernel) + next
            for (k, dilations) in zip(v.resblockKernelSizes, v.resblockDilationSizes) {
                let convs = Double(dilations.count) * (v.resblock == "1" ? 2 : 1)
                total += convs * (next * next * Double(k) + next) + 2 * convs * next
            }
            channels = next
        }
        return total + 7 * channels + 2 * channels + 1
    }

    /// Batch 1 over the whole take: at each stage the channels times the samples so far, twice
    /// for the anti-aliased activations' 2x oversampling, with a factor 4 for the tensors live
    /// around them (the residual sum over the kernel sizes, the block's input and output).
    static func activations(_ v: BigVGANConfiguration, frames: Double) -> Double {
        var length = frames, channels = Double(v.upsampleInitialChannel), largest = channels * length
        for rate in v.upsampleRates {
            length *= Double(rate)
            channels = (channels / 2).rounded(.down)
            largest = max(largest, channels * length)
        }
        return 4 * 4 * 2 * largest
    }

    /// The STFT of the whole take (complex, a few copies for momentum) and the mel inversion.
    static func griffinLimActivations(nFFT: Double, hop: Double, frames: Double, mels: Double) -> Double {
        let bins = nFFT / 2 + 1, samples = frames * hop
        return 4 * (6 * 2 * bins * (frames + 1) + 4 * samples + 3 * mels * bins)
    }
}
