/// The generator's hyperparameters, decoded from NVIDIA BigVGAN's `config.json` with its key
/// names (training-only keys are ignored). Defaults are those of `bigvgan_v2_22khz_80band_256x`.
///
/// Matches the fields `bigvgan.BigVGAN.__init__` reads: `num_mels`, `upsample_rates`,
/// `upsample_kernel_sizes`, `upsample_initial_channel`, `resblock` ("1" = AMPBlock1,
/// "2" = AMPBlock2), `resblock_kernel_sizes`, `resblock_dilation_sizes`, `activation`
/// ("snake" | "snakebeta"), `snake_logscale`, and v2's `use_tanh_at_final` and
/// `use_bias_at_final` (both default to true when absent, as in the reference, which is what v1
/// checkpoints need). The audio keys (`sampling_rate`, `n_fft`, `hop_size`, `win_size`, `fmin`,
/// `fmax`) are kept as `mel` so a vocoder component carries the mel framing it was trained on.
public struct BigVGANConfiguration: Codable, Sendable, Equatable {
    public enum Activation: String, Codable, Sendable {
        case snake
        case snakeBeta = "snakebeta"
    }

    public var numMels: Int = 80
    public var upsampleRates: [Int] = [4, 4, 2, 2, 2, 2]
    public var upsampleKernelSizes: [Int] = [8, 8, 4, 4, 4, 4]
    public var upsampleInitialChannel: Int = 1536
    /// "1" (AMPBlock1) or "2" (AMPBlock2).
    public var resblock: String = "1"
    public var resblockKernelSizes: [Int] = [3, 7, 11]
    public var resblockDilationSizes: [[Int]] = [[1, 3, 5], [1, 3, 5], [1, 3, 5]]
    public var activation: Activation = .snakeBeta
    public var snakeLogScale: Bool = true
    public var useTanhAtFinal: Bool = false
    public var useBiasAtFinal: Bool = false
    /// The mel framing of the training data (num_mels is kept in step with `numMels`).
    public var mel: MelConfiguration = MelConfiguration()

    enum CodingKeys: String, CodingKey {
        case numMels = "num_mels", upsampleRates = "upsample_rates"
        case upsampleKernelSizes = "upsample_kernel_sizes"
        case upsampleInitialChannel = "upsample_initial_channel", resblock
        case resblockKernelSizes = "resblock_kernel_sizes", resblockDilationSizes = "resblock_dilation_sizes"
        case activation, snakeLogScale = "snake_logscale"
        case useTanhAtFinal = "use_tanh_at_final", useBiasAtFinal = "use_bias_at_final"
    }

    public init() {}

    /// The shapes of `bigvgan_v2_22khz_80band_256x` (about 112 M parameters).
    public static let v2_22kHz80Band256x = BigVGANConfiguration()

    /// Ranges that hold every BigVGAN release (v2 44 kHz: 512x upsampling, 1536 channels), so
    /// that no size below is computed from a hostile number; then the structural checks.
    public init(from decoder: Decoder) throws {
        let r = ConfigReader(try decoder.container(keyedBy: CodingKeys.self))
        numMels = try r.int(.numMels, in: 1...1024)
        upsampleRates = try r.ints(.upsampleRates, count: 1...16, each: 1...64)
        var hop = 1
        for rate in upsampleRates {
            hop *= rate
            if hop > Self.maximumHop {
                throw r.failure(.upsampleRates, "upsample by \(upsampleRates) more than \(Self.maximumHop) samples per frame")
            }
        }
        upsampleKernelSizes = try r.ints(.upsampleKernelSizes, count: upsampleRates.count...upsampleRates.count,
                                         each: 1...256)
        upsampleInitialChannel = try r.int(.upsampleInitialChannel, in: 1...16_384)
        resblock = try r.container.decode(String.self, forKey: .resblock)
        resblockKernelSizes = try r.ints(.resblockKernelSizes, count: 1...8, each: 1...63)
        resblockDilationSizes = try r.container.decode([[Int]].self, forKey: .resblockDilationSizes)
        for dilations in resblockDilationSizes {
            try r.checkList(.resblockDilationSizes, dilations, count: 1...8, each: 1...64)
        }
        activation = try r.container.decode(Activation.self, forKey: .activation)
        snakeLogScale = try r.container.decodeIfPresent(Bool.self, forKey: .snakeLogScale) ?? false
        // Absent in v1 configs; the reference's `h.get(..., True)` defaults.
        useTanhAtFinal = try r.container.decodeIfPresent(Bool.self, forKey: .useTanhAtFinal) ?? true
        useBiasAtFinal = try r.container.decodeIfPresent(Bool.self, forKey: .useBiasAtFinal) ?? true
        mel = try MelConfiguration(from: decoder)
        mel.numMels = numMels
        try validate()
    }

    /// Output samples per mel frame a bundle may ask for.
    public static let maximumHop = 65_536

    public func encode(to encoder: Encoder) throws {
        try mel.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(numMels, forKey: .numMels)
        try c.encode(upsampleRates, forKey: .upsampleRates)
        try c.encode(upsampleKernelSizes, forKey: .upsampleKernelSizes)
        try c.encode(upsampleInitialChannel, forKey: .upsampleInitialChannel)
        try c.encode(resblock, forKey: .resblock)
        try c.encode(resblockKernelSizes, forKey: .resblockKernelSizes)
        try c.encode(resblockDilationSizes, forKey: .resblockDilationSizes)
        try c.encode(activation, forKey: .activation)
        try c.encode(snakeLogScale, forKey: .snakeLogScale)
        try c.encode(useTanhAtFinal, forKey: .useTanhAtFinal)
        try c.encode(useBiasAtFinal, forKey: .useBiasAtFinal)
    }

    /// Output samples per mel frame (the product of the upsampling rates).
    public var hopLength: Int { upsampleRates.reduce(1, *) }

    /// Channels after upsampling stage `i` (`upsample_initial_channel // 2^(i+1)`).
    public func channels(afterStage i: Int) -> Int { upsampleInitialChannel >> (i + 1) }

    /// Throws the first field that cannot build a network.
    public func validate() throws {
        func bad(_ f: String, _ v: CustomStringConvertible, _ r: String) -> AudioError {
            .invalidConfiguration(field: "BigVGAN config \(f)", value: v.description, requirement: r)
        }
        guard numMels > 0 else { throw bad("num_mels", numMels, "positive") }
        guard !upsampleRates.isEmpty, upsampleRates.allSatisfy({ $0 > 0 }) else {
            throw bad("upsample_rates", upsampleRates, "a non-empty list of positive integers")
        }
        guard upsampleKernelSizes.count == upsampleRates.count else {
            throw bad("upsample_kernel_sizes", upsampleKernelSizes, "one kernel size per upsample rate")
        }
        for (u, k) in zip(upsampleRates, upsampleKernelSizes) where k < u {
            throw bad("upsample_kernel_sizes", upsampleKernelSizes, "at least the matching upsample rate")
        }
        guard upsampleInitialChannel > 0, channels(afterStage: upsampleRates.count - 1) > 0 else {
            throw bad("upsample_initial_channel", upsampleInitialChannel,
                      "at least 2^\(upsampleRates.count) (one halving per upsampling stage)")
        }
        guard resblock == "1" || resblock == "2" else { throw bad("resblock", resblock, "\"1\" or \"2\"") }
        guard !resblockKernelSizes.isEmpty, resblockKernelSizes.allSatisfy({ $0 > 0 && $0 % 2 == 1 }) else {
            throw bad("resblock_kernel_sizes", resblockKernelSizes, "a non-empty list of odd sizes")
        }
        guard resblockDilationSizes.count == resblockKernelSizes.count,
              resblockDilationSizes.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 > 0 } }) else {
            throw bad("resblock_dilation_sizes", resblockDilationSizes,
                      "one non-empty list of positive dilations per resblock kernel size")
        }
    }
}
