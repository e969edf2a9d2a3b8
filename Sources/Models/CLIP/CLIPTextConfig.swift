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

    /// Ranges that hold every CLIP text tower published (ViT-bigG's is 1280 wide, 32 deep).
    public init(from decoder: Decoder) throws {
        let r = ConfigReader(try decoder.container(keyedBy: CodingKeys.self))
        let d = CLIPTextConfig()
        vocabSize = try r.int(.vocabSize, default: d.vocabSize, in: 1...1 << 20)
        hiddenSize = try r.int(.hiddenSize, default: d.hiddenSize, in: 1...8192)
        intermediateSize = try r.int(.intermediateSize, default: d.intermediateSize, in: 1...65_536)
        projectionDim = try r.int(.projectionDim, default: d.projectionDim, in: 1...8192)
        numHiddenLayers = try r.int(.numHiddenLayers, default: d.numHiddenLayers, in: 0...128)
        numAttentionHeads = try r.int(.numAttentionHeads, default: d.numAttentionHeads, in: 1...256)
        maxPositionEmbeddings = try r.int(.maxPositionEmbeddings, default: d.maxPositionEmbeddings, in: 1...4096)
        hiddenAct = try r.container.decodeIfPresent(CLIPActivation.self, forKey: .hiddenAct) ?? d.hiddenAct
        layerNormEps = Float(try r.real(.layerNormEps, default: Double(d.layerNormEps), in: 1e-12...1))
        eosTokenId = try r.int(.eosTokenId, default: d.eosTokenId, in: 0...vocabSize - 1)
        if hiddenSize % numAttentionHeads != 0 {
            throw r.failure(.numAttentionHeads, "\(numAttentionHeads) heads do not divide hidden_size \(hiddenSize)")
        }
    }
}
