/// A whole CLIP model's configuration, laid out as transformers' `CLIPConfig` (`config.json`
/// of a `save_pretrained` folder): `text_config`, `vision_config`, `projection_dim`. This is the
/// `config` of a bundle's `clip` section.
public struct CLIPConfig: Codable, Sendable, Equatable {
    public var textConfig: CLIPTextConfig
    public var visionConfig: CLIPVisionConfig
    public var projectionDim: Int

    public init(textConfig: CLIPTextConfig, visionConfig: CLIPVisionConfig, projectionDim: Int) {
        self.textConfig = textConfig
        self.visionConfig = visionConfig
        self.projectionDim = projectionDim
        // transformers gives both towers the top-level projection size.
        self.textConfig.projectionDim = projectionDim
        self.visionConfig.projectionDim = projectionDim
    }

    /// OpenAI CLIP ViT-L/14 (`openai/clip-vit-large-patch14`).
    public static let vitL14 = CLIPConfig(textConfig: .vitL14, visionConfig: .vitL14, projectionDim: 768)

    enum CodingKeys: String, CodingKey {
        case textConfig = "text_config", visionConfig = "vision_config", projectionDim = "projection_dim"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decodeIfPresent(CLIPTextConfig.self, forKey: .textConfig) ?? CLIPTextConfig()
        let vision = try c.decodeIfPresent(CLIPVisionConfig.self, forKey: .visionConfig) ?? CLIPVisionConfig()
        let projection = try ConfigReader(c).int(.projectionDim, default: 512, in: 1...8192)
        self.init(textConfig: text, visionConfig: vision, projectionDim: projection)
    }
}
