/// The text tower's configuration, with transformers' `CLIPTextConfig` keys; a missing key
/// takes transformers' default, so an upstream `config.json`'s `text_config` decodes as is.
public struct CLIPTextConfig: Codable, Sendable, Equatable {
    public var vocabSize = 49408
    public var hiddenSize = 512
    public var intermediateSize = 2048
    public var projectionDim = 512
    public var numHiddenLayers = 12
    public var numAttentionHeads = 8
    public var maxPositionEmbeddings = 77
    public var hiddenAct = CLIPActivation.quickGELU
    public var layerNormEps: Float = 1e-5
    /// 2 in older OpenAI conversions (pooling then takes the argmax of the ids), 49407 in newer.
    public var eosTokenId = 49407

    public init() {}

    /// OpenAI CLIP ViT-L/14's text tower.
    public static let vitL14: CLIPTextConfig = {
        var c = CLIPTextConfig()
        c.hiddenSize = 768; c.intermediateSize = 3072; c.projectionDim = 768; c.numAttentionHeads = 12
        c.eosTokenId = 2
        return c
    }()

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", hiddenSize = "hidden_size", intermediateSize = "intermediate_size"
        case projectionDim = "projection_dim", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", maxPositionEmbeddings = "max_position_embeddings"
        case hiddenAct = "hidden_act", layerNormEps = "layer_norm_eps", eosTokenId = "eos_token_id"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CLIPTextConfig()
        vocabSize = try c.decodeIfPresent(Int.self, forKey: .vocabSize) ?? d.vocabSize
        hiddenSize = try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? d.hiddenSize
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? d.intermediateSize
        projectionDim = try c.decodeIfPresent(Int.self, forKey: .projectionDim) ?? d.projectionDim
        numHiddenLayers = try c.decodeIfPresent(Int.self, forKey: .numHiddenLayers) ?? d.numHiddenLayers
        numAttentionHeads = try c.decodeIfPresent(Int.self, forKey: .numAttentionHeads) ?? d.numAttentionHeads
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? d.maxPositionEmbeddings
        hiddenAct = try c.decodeIfPresent(CLIPActivation.self, forKey: .hiddenAct) ?? d.hiddenAct
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? d.layerNormEps
        eosTokenId = try c.decodeIfPresent(Int.self, forKey: .eosTokenId) ?? d.eosTokenId
        try validate(codingPath: c.codingPath)
    }

    func validate(codingPath: [CodingKey]) throws {
        func fail(_ why: String) -> DecodingError {
            .dataCorrupted(.init(codingPath: codingPath, debugDescription: why))
        }
        for (name, v) in [("vocab_size", vocabSize), ("hidden_size", hiddenSize), ("intermediate_size", intermediateSize),
                          ("projection_dim", projectionDim), ("num_attention_heads", numAttentionHeads),
                          ("max_position_embeddings", maxPositionEmbeddings)] where v <= 0 {
            throw fail("\(name) must be positive, found \(v)")
        }
        if numHiddenLayers < 0 { throw fail("num_hidden_layers must not be negative") }
        if hiddenSize % numAttentionHeads != 0 {
            throw fail("hidden_size \(hiddenSize) is not divisible by num_attention_heads \(numAttentionHeads)")
        }
    }
}
