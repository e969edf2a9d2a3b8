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
        let (config, settings) = try configs(of: bundle.manifest.clip)
        return try load(from: bundle, config: config, settings: settings)
    }

    /// The config and the settings beside it, decoded and checked against each other: what
    /// sizes the towers, read before any of them is built.
    public static func configs(of section: BundleComponent) throws(WeightsError)
        -> (config: CLIPConfig, settings: CLIPBundleSettings) {
        let config = try section.decodeConfig(CLIPConfig.self)
        let settings = try section.decode(CLIPBundleSettings.self)
        let positions = config.textConfig.maxPositionEmbeddings
        if let length = settings.contextLength, length > positions {
            throw .invalidManifest(file: section.source, path: "\(section.key).context_length",
                                   detail: "\(length) is longer than the text tower's \(positions) positions "
                                       + "(config.text_config.max_position_embeddings)")
        }
        if let image = settings.image, image.cropSize != config.visionConfig.imageSize {
            throw .invalidManifest(file: section.source, path: "\(section.key).image.crop_size",
                                   detail: "\(image.cropSize) differs from the image tower's image_size "
                                       + "\(config.visionConfig.imageSize)")
        }
        return (config, settings)
    }

    /// Builds the towers and reads the tokenizer from configs that `configs(of:)` returned.
    public static func load(from bundle: ModelBundle, config: CLIPConfig, settings: CLIPBundleSettings) throws
        -> (model: CLIPModel, tokenizer: CLIPTokenizer, preprocessor: CLIPImagePreprocessor) {
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
