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

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CLIPVisionConfig()
        hiddenSize = try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? d.hiddenSize
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? d.intermediateSize
        projectionDim = try c.decodeIfPresent(Int.self, forKey: .projectionDim) ?? d.projectionDim
        numHiddenLayers = try c.decodeIfPresent(Int.self, forKey: .numHiddenLayers) ?? d.numHiddenLayers
        numAttentionHeads = try c.decodeIfPresent(Int.self, forKey: .numAttentionHeads) ?? d.numAttentionHeads
        numChannels = try c.decodeIfPresent(Int.self, forKey: .numChannels) ?? d.numChannels
        imageSize = try c.decodeIfPresent(Int.self, forKey: .imageSize) ?? d.imageSize
        patchSize = try c.decodeIfPresent(Int.self, forKey: .patchSize) ?? d.patchSize
        hiddenAct = try c.decodeIfPresent(CLIPActivation.self, forKey: .hiddenAct) ?? d.hiddenAct
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? d.layerNormEps
        try validate(codingPath: c.codingPath)
    }

    func validate(codingPath: [CodingKey]) throws {
        func fail(_ why: String) -> DecodingError {
            .dataCorrupted(.init(codingPath: codingPath, debugDescription: why))
        }
        for (name, v) in [("hidden_size", hiddenSize), ("intermediate_size", intermediateSize),
                          ("projection_dim", projectionDim), ("num_attention_heads", numAttentionHeads),
                          ("num_channels", numChannels), ("image_size", imageSize), ("patch_size", patchSize)] where v <= 0 {
            throw fail("\(name) must be positive, found \(v)")
        }
        if numHiddenLayers < 0 { throw fail("num_hidden_layers must not be negative") }
        if hiddenSize % numAttentionHeads != 0 {
            throw fail("hidden_size \(hiddenSize) is not divisible by num_attention_heads \(numAttentionHeads)")
        }
        if imageSize % patchSize != 0 { throw fail("image_size \(imageSize) is not a multiple of patch_size \(patchSize)") }
    }
}
