/// The image tower's configuration, with transformers' `CLIPVisionConfig` keys and defaults.
public struct CLIPVisionConfig: Codable, Sendable, Equatable {
    public var hiddenSize = 768
    public var intermediateSize = 3072
    public var projectionDim = 512
    public var numHiddenLayers = 12
    public var numAttentionHeads = 12
    public var numChannels = 3
    public var imageSize = 224
    public var patchSize = 32
    public var hiddenAct = CLIPActivation.quickGELU
    public var layerNormEps: Float = 1e-5

    public init() {}

    /// OpenAI CLIP ViT-L/14's image tower.
    public static let vitL14: CLIPVisionConfig = {
        var c = CLIPVisionConfig()
        c.hiddenSize = 1024; c.intermediateSize = 4096; c.projectionDim = 768
        c.numHiddenLayers = 24; c.numAttentionHeads = 16; c.patchSize = 14
        return c
    }()

    /// Patches per side and the token count (patches + the class token).
    public var patchesPerSide: Int { imageSize / patchSize }
    public var tokenCount: Int { patchesPerSide * patchesPerSide + 1 }

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size", intermediateSize = "intermediate_size", projectionDim = "projection_dim"
        case numHiddenLayers = "num_hidden_layers", numAttentionHeads = "num_attention_heads"
        case numChannels = "num_channels", imageSize = "image_size", patchSize = "patch_size"
        case hiddenAct = "hidden_act", layerNormEps = "layer_norm_eps"
    }

    /// Ranges that hold every CLIP image tower published (ViT-bigG: 1664 wide, 48 deep, 336 px).
    public init(from decoder: Decoder) throws {
        let r = ConfigReader(try decoder.container(keyedBy: CodingKeys.self))
        let d = CLIPVisionConfig()
        hiddenSize = try r.int(.hiddenSize, default: d.hiddenSize, in: 1...8192)
        intermediateSize = try r.int(.intermediateSize, default: d.intermediateSize, in: 1...65_536)
        projectionDim = try r.int(.projectionDim, default: d.projectionDim, in: 1...8192)
        numHiddenLayers = try r.int(.numHiddenLayers, default: d.numHiddenLayers, in: 0...128)
        numAttentionHeads = try r.int(.numAttentionHeads, default: d.numAttentionHeads, in: 1...256)
        numChannels = try r.int(.numChannels, default: d.numChannels, in: 1...4)
        imageSize = try r.int(.imageSize, default: d.imageSize, in: 1...2048)
        patchSize = try r.int(.patchSize, default: d.patchSize, in: 1...imageSize)
        hiddenAct = try r.container.decodeIfPresent(CLIPActivation.self, forKey: .hiddenAct) ?? d.hiddenAct
        layerNormEps = Float(try r.real(.layerNormEps, default: Double(d.layerNormEps), in: 1e-12...1))
        if hiddenSize % numAttentionHeads != 0 {
            throw r.failure(.numAttentionHeads, "\(numAttentionHeads) heads do not divide hidden_size \(hiddenSize)")
        }
        if imageSize % patchSize != 0 {
            throw r.failure(.patchSize, "\(patchSize) does not divide image_size \(imageSize)")
        }
    }
}
