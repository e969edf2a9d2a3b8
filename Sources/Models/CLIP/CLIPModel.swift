import Foundation

/// Both CLIP towers from one safetensors file with transformers `CLIPModel` names
/// (`text_model.*`, `vision_model.*`, `text_projection.weight`, `visual_projection.weight`,
/// and `logit_scale`, which generation does not use), loaded strictly: a missing, misshapen or
/// unexpected tensor is an error naming it.
public struct CLIPModel: Sendable {
    public let config: CLIPConfig
    public let text: CLIPTextTower
    public let vision: CLIPVisionTower

    public init(weights: WeightBinder, config: CLIPConfig) throws(WeightsError) {
        self.config = config
        text = try CLIPTextTower(weights: weights, config: config.textConfig)
        vision = try CLIPVisionTower(weights: weights, config: config.visionConfig)
        weights.skip(["logit_scale"])
        try weights.finish()
    }

    /// The `clip` section of a bundle: the weights, the config, and `tokenizer` (the merges file).
    public static func load(from bundle: ModelBundle) throws -> (model: CLIPModel, tokenizer: CLIPTokenizer,
                                                                  preprocessor: CLIPImagePreprocessor) {
        let section = bundle.manifest.clip
        let config = try section.decodeConfig(CLIPConfig.self)
        let settings = try section.decode(CLIPBundleSettings.self)
        let model = try CLIPModel(weights: bundle.binder(.clip), config: config)
        let tokenizer = try CLIPTokenizer(contentsOf: bundle.fileURL(settings.tokenizer),
                                          vocabularySize: config.textConfig.vocabSize,
                                          cleaning: settings.textCleaning,
                                          contextLength: settings.contextLength ?? config.textConfig.maxPositionEmbeddings)
        var preprocessor = settings.image ?? CLIPImagePreprocessor()
        if settings.image == nil {
            preprocessor.shortestEdge = config.visionConfig.imageSize
            preprocessor.cropSize = config.visionConfig.imageSize
        }
        return (model, tokenizer, preprocessor)
    }
}
