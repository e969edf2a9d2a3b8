/// The shape of the mel U-Net: the `unet.config` object of bundle.json.
///
/// Same keys (snake_case) and defaults as `UNetConfig` in training/clipsonic/unet.py, the network's
/// one definition; the defaults are the benchmark's full size (DESIGN.md). Missing keys take the
/// default; `dropout` is accepted and ignored (inference).
public struct UNetConfiguration: Codable, Sendable, Equatable {
    public var inChannels: Int = 1
    public var outChannels: Int = 1
    public var baseChannels: Int = 128
    /// Channels of level l = baseChannels * channelMultipliers[l]; one level per entry.
    public var channelMultipliers: [Int] = [1, 2, 3, 4]
    /// Residual blocks per level on the way down (the way up has one more).
    public var resBlocks: Int = 2
    /// Levels (0 = full resolution) with self-attention after every residual block.
    public var attentionLevels: [Int] = [2, 3]
    public var headChannels: Int = 64
    public var clipDim: Int = 768
    /// Width of the time/condition embedding; 0 means 4 * baseChannels.
    public var timeEmbedDim: Int = 0
    public var normGroups: Int = 32
    public var normEps: Float = 1e-5
    /// Also attend to `contextTokens` tokens projected from the CLIP embedding in every attention block.
    public var crossAttention: Bool = false
    public var contextTokens: Int = 4
    public var dropout: Float = 0
    /// The mel bands the network was trained on (informational: any height runs).
    public var nMels: Int = 80

    public init() {}

    /// The benchmark's full size: 92.4 M parameters, ~314 GFLOP per 1x80x256 sample.
    public static let full = UNetConfiguration()

    /// PRESETS["small"] of unet.py (the embedded mini bundle's size).
    public static var small: UNetConfiguration {
        var c = UNetConfiguration()
        c.baseChannels = 32; c.channelMultipliers = [1, 2, 2, 4]; c.headChannels = 32
        c.clipDim = 512; c.normGroups = 16
        return c
    }

    public var levels: Int { channelMultipliers.count }
    public var levelChannels: [Int] { channelMultipliers.map { $0 * baseChannels } }
    public var embedDim: Int { timeEmbedDim > 0 ? timeEmbedDim : 4 * baseChannels }
    /// Inputs are zero-padded (bottom, right) to a multiple of this in height and width.
    public var sizeMultiple: Int { 1 << (levels - 1) }

    enum CodingKeys: String, CodingKey {
        case inChannels = "in_channels", outChannels = "out_channels", baseChannels = "base_channels"
        case channelMultipliers = "channel_multipliers", resBlocks = "res_blocks"
        case attentionLevels = "attention_levels", headChannels = "head_channels", clipDim = "clip_dim"
        case timeEmbedDim = "time_embed_dim", normGroups = "norm_groups", normEps = "norm_eps"
        case crossAttention = "cross_attention", contextTokens = "context_tokens", dropout
        case nMels = "n_mels"
    }

    /// Every field within a range that holds any mel U-Net this project trains (the benchmark's
    /// full size is 128 x (1,2,3,4)), then the consistency checks of `problem`.
    public init(from decoder: any Decoder) throws {
        let r = ConfigReader(try decoder.container(keyedBy: CodingKeys.self))
        let d = UNetConfiguration()
        inChannels = try r.int(.inChannels, default: d.inChannels, in: 1...64)
        outChannels = try r.int(.outChannels, default: d.outChannels, in: 1...64)
        baseChannels = try r.int(.baseChannels, default: d.baseChannels, in: 1...4096)
        channelMultipliers = try r.ints(.channelMultipliers, default: d.channelMultipliers, count: 1...8, each: 1...64)
        if let widest = channelMultipliers.max(), widest * baseChannels > Self.maximumLevelChannels {
            throw r.failure(.channelMultipliers, "base_channels \(baseChannels) x \(widest) = \(widest * baseChannels) "
                + "channels; at most \(Self.maximumLevelChannels) per level")
        }
        resBlocks = try r.int(.resBlocks, default: d.resBlocks, in: 1...64)
        attentionLevels = try r.ints(.attentionLevels, default: d.attentionLevels, count: 0...8, each: 0...7).sorted()
        headChannels = try r.int(.headChannels, default: d.headChannels, in: 1...4096)
        clipDim = try r.int(.clipDim, default: d.clipDim, in: 1...8192)
        timeEmbedDim = try r.int(.timeEmbedDim, default: d.timeEmbedDim, in: 0...65_536)
        normGroups = try r.int(.normGroups, default: d.normGroups, in: 1...4096)
        normEps = Float(try r.real(.normEps, default: Double(d.normEps), in: 1e-12...1))
        crossAttention = try r.container.decodeIfPresent(Bool.self, forKey: .crossAttention) ?? d.crossAttention
        contextTokens = try r.int(.contextTokens, default: d.contextTokens, in: 0...1024)
        dropout = Float(try r.real(.dropout, default: Double(d.dropout), in: 0...1))
        nMels = try r.int(.nMels, default: d.nMels, in: 1...1024)
        if let (key, detail) = problem {
            throw r.failure(CodingKeys(stringValue: key) ?? .channelMultipliers, detail)
        }
    }

    /// Channels of the widest level a bundle may ask for.
    public static let maximumLevelChannels = 16_384

    /// The first inconsistency, as (key, what is wrong), or nil: the checks of UNetConfig.__post_init__.
    public var problem: (key: String, detail: String)? {
        let positive: [(String, Int)] = [("in_channels", inChannels), ("out_channels", outChannels),
                                         ("base_channels", baseChannels), ("res_blocks", resBlocks),
                                         ("head_channels", headChannels), ("clip_dim", clipDim),
                                         ("norm_groups", normGroups)]
        for (key, v) in positive where v < 1 { return (key, "must be at least 1, got \(v)") }
        if channelMultipliers.isEmpty || channelMultipliers.contains(where: { $0 < 1 }) {
            return ("channel_multipliers", "must list at least one positive multiplier, got \(channelMultipliers)")
        }
        if let bad = attentionLevels.first(where: { $0 < 0 || $0 >= levels }) {
            return ("attention_levels", "level \(bad) is outside 0..\(levels - 1)")
        }
        if crossAttention && contextTokens < 1 { return ("context_tokens", "must be at least 1 with cross_attention") }
        for c in levelChannels where c % normGroups != 0 {
            return ("norm_groups", "\(c) channels do not divide into \(normGroups) groups")
        }
        for level in Set(attentionLevels + [levels - 1]) where levelChannels[level] % headChannels != 0 {
            return ("head_channels", "level \(level) has \(levelChannels[level]) channels, not a multiple of \(headChannels)")
        }
        if embedDim % 2 != 0 { return ("time_embed_dim", "must be even, got \(embedDim)") }
        return nil
    }
}
