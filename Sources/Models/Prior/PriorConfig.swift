/// A diffusion prior's configuration: the `prior` object of a dalle2-pytorch training config
/// (LAION's `prior_config.json`), which this type decodes as it is, plus the `DiffusionPrior`
/// sampling switches with 1.1.0's defaults. Fields that only training or the CLIP adapter use
/// (`clip`, `image_size`, `loss_type`, ...) are ignored.
///
/// ```json
/// {"net": {"dim": 768, "depth": 12, "num_timesteps": 1000, "max_text_len": 77, "heads": 12, ...},
///  "image_embed_dim": 768, "timesteps": 1000, "sample_timesteps": 64, "cond_drop_prob": 0.1,
///  "predict_x_start": true, "beta_schedule": "cosine", "condition_on_text_encodings": true}
/// ```
public struct PriorConfig: Codable, Sendable, Equatable {
    public var net: PriorNetworkConfig
    /// Size of the CLIP embeddings; must equal `net.dim`.
    public var imageEmbedDim: Int
    /// Diffusion steps the prior was trained with.
    public var timesteps: Int
    /// Default DDIM steps (`nil` in dalle2-pytorch means the full DDPM chain; the engine then
    /// uses `PriorConfig.defaultSampleSteps`).
    public var sampleTimesteps: Int?
    /// Probability of dropping the text condition in training; guidance needs it > 0 and a
    /// learned null condition (`supportsGuidance`).
    public var condDropProb: Double
    /// The network predicts the clean embedding (true, DALL-E 2's choice) or the noise.
    public var predictXStart: Bool
    public var betaSchedule: PriorBetaSchedule
    /// Whether the text encodings are fed to the network (otherwise only the learned padding is).
    public var conditionOnTextEncodings: Bool
    /// L2-normalise (and rescale) the predicted clean embedding at every step.
    public var samplingClampL2Norm: Bool
    /// L2-normalise (and rescale) the final embedding.
    public var samplingFinalClampL2Norm: Bool
    /// L2-normalise (and rescale) the starting noise.
    public var initImageEmbedL2Norm: Bool
    /// Scale of image embeddings inside the diffusion; `nil` means sqrt(image_embed_dim).
    public var imageEmbedScale: Double?
    /// The dalle2-pytorch version the converter read from the checkpoint (informational).
    public var dalle2PytorchVersion: String?

    /// DDIM steps used when the config names none: LAION's setting.
    public static let defaultSampleSteps = 64

    public init(net: PriorNetworkConfig, imageEmbedDim: Int? = nil, timesteps: Int = 1000,
                sampleTimesteps: Int? = nil, condDropProb: Double = 0, predictXStart: Bool = true,
                betaSchedule: PriorBetaSchedule = .cosine, conditionOnTextEncodings: Bool = true,
                samplingClampL2Norm: Bool = false, samplingFinalClampL2Norm: Bool = false,
                initImageEmbedL2Norm: Bool = false, imageEmbedScale: Double? = nil,
                dalle2PytorchVersion: String? = nil) {
        self.net = net
        self.imageEmbedDim = imageEmbedDim ?? net.dim
        self.timesteps = timesteps
        self.sampleTimesteps = sampleTimesteps
        self.condDropProb = condDropProb
        self.predictXStart = predictXStart
        self.betaSchedule = betaSchedule
        self.conditionOnTextEncodings = conditionOnTextEncodings
        self.samplingClampL2Norm = samplingClampL2Norm
        self.samplingFinalClampL2Norm = samplingFinalClampL2Norm
        self.initImageEmbedL2Norm = initImageEmbedL2Norm
        self.imageEmbedScale = imageEmbedScale
        self.dalle2PytorchVersion = dalle2PytorchVersion
    }

    enum CodingKeys: String, CodingKey {
        case net, timesteps
        case imageEmbedDim = "image_embed_dim", sampleTimesteps = "sample_timesteps"
        case condDropProb = "cond_drop_prob", predictXStart = "predict_x_start", betaSchedule = "beta_schedule"
        case conditionOnTextEncodings = "condition_on_text_encodings"
        case samplingClampL2Norm = "sampling_clamp_l2norm", samplingFinalClampL2Norm = "sampling_final_clamp_l2norm"
        case initImageEmbedL2Norm = "init_image_embed_l2norm", imageEmbedScale = "image_embed_scale"
        case dalle2PytorchVersion = "dalle2_pytorch_version"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let net = try c.decode(PriorNetworkConfig.self, forKey: .net)
        let d = PriorConfig(net: net)
        self.net = net
        let r = ConfigReader(c)
        imageEmbedDim = try r.int(.imageEmbedDim, default: d.imageEmbedDim, in: 1...8192)
        timesteps = try r.int(.timesteps, default: d.timesteps, in: 2...100_000)
        sampleTimesteps = try r.optionalInt(.sampleTimesteps, in: 1...100_000)
        condDropProb = try r.real(.condDropProb, default: d.condDropProb, in: 0...1)
        predictXStart = try c.decodeIfPresent(Bool.self, forKey: .predictXStart) ?? d.predictXStart
        betaSchedule = try c.decodeIfPresent(PriorBetaSchedule.self, forKey: .betaSchedule) ?? d.betaSchedule
        conditionOnTextEncodings = try c.decodeIfPresent(Bool.self, forKey: .conditionOnTextEncodings)
            ?? d.conditionOnTextEncodings
        samplingClampL2Norm = try c.decodeIfPresent(Bool.self, forKey: .samplingClampL2Norm) ?? false
        samplingFinalClampL2Norm = try c.decodeIfPresent(Bool.self, forKey: .samplingFinalClampL2Norm) ?? false
        initImageEmbedL2Norm = try c.decodeIfPresent(Bool.self, forKey: .initImageEmbedL2Norm) ?? false
        imageEmbedScale = try r.optionalReal(.imageEmbedScale, in: 1e-6...1e6)
        dalle2PytorchVersion = try c.decodeIfPresent(String.self, forKey: .dalle2PytorchVersion)
        // The consistency checks too, at the field's JSON path, so that bundle.json names it.
        do { try validate() } catch {
            guard case let .invalidConfig(field, detail) = error else { throw error }
            let path = field.split(separator: ".").map { JSONCodingKey(stringValue: String($0)) }
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + path, debugDescription: detail))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(net, forKey: .net)
        try c.encode(imageEmbedDim, forKey: .imageEmbedDim)
        try c.encode(timesteps, forKey: .timesteps)
        try c.encodeIfPresent(sampleTimesteps, forKey: .sampleTimesteps)
        try c.encode(condDropProb, forKey: .condDropProb)
        try c.encode(predictXStart, forKey: .predictXStart)
        try c.encode(betaSchedule, forKey: .betaSchedule)
        try c.encode(conditionOnTextEncodings, forKey: .conditionOnTextEncodings)
        try c.encode(samplingClampL2Norm, forKey: .samplingClampL2Norm)
        try c.encode(samplingFinalClampL2Norm, forKey: .samplingFinalClampL2Norm)
        try c.encode(initImageEmbedL2Norm, forKey: .initImageEmbedL2Norm)
        try c.encodeIfPresent(imageEmbedScale, forKey: .imageEmbedScale)
        try c.encodeIfPresent(dalle2PytorchVersion, forKey: .dalle2PytorchVersion)
    }

    /// Whether classifier-free guidance can change this prior's output: it needs the learned
    /// null condition (`net.learned_null_condition`) and training with condition dropout.
    public var supportsGuidance: Bool { net.learnedNullCondition && condDropProb > 0 }

    /// The factor between unit-norm CLIP embeddings and the diffused ones (sqrt(dim) by default,
    /// after Katherine Crowson's suggestion in dalle2-pytorch).
    public var effectiveImageEmbedScale: Float {
        Float(imageEmbedScale ?? Double(imageEmbedDim).squareRoot())
    }

    public func validate() throws(PriorError) {
        try net.validate()
        if imageEmbedDim != net.dim {
            throw .invalidConfig(field: "image_embed_dim", detail: "is \(imageEmbedDim) but net.dim is \(net.dim)")
        }
        if timesteps < 2 { throw .invalidConfig(field: "timesteps", detail: "must be at least 2, found \(timesteps)") }
        if let n = net.numTimesteps, n < timesteps {
            throw .invalidConfig(field: "net.num_timesteps", detail: "is \(n), smaller than timesteps \(timesteps)")
        }
        if let s = sampleTimesteps, !(1..<timesteps).contains(s) {
            throw .invalidConfig(field: "sample_timesteps", detail: "must be in 1..<\(timesteps) (DDIM), found \(s)")
        }
        if !(0...1).contains(condDropProb) {
            throw .invalidConfig(field: "cond_drop_prob", detail: "must be in [0, 1], found \(condDropProb)")
        }
    }
}
