/// Fields of a bundle's `clip` section beside `weights` and `config`:
/// `{"tokenizer": "bpe_simple_vocab_16e6.txt", "text_cleaning": "openai", "context_length": 77,
///   "image": {"shortest_edge": 224, "crop_size": 224, "mean": [...], "std": [...]}}`.
public struct CLIPBundleSettings: Codable, Sendable, Equatable {
    public var tokenizer: String
    public var textCleaning: CLIPTextCleaning
    public var contextLength: Int?
    public var image: CLIPImagePreprocessor?

    enum CodingKeys: String, CodingKey {
        case tokenizer, textCleaning = "text_cleaning", contextLength = "context_length", image
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tokenizer = try c.decode(String.self, forKey: .tokenizer)
        textCleaning = try c.decodeIfPresent(CLIPTextCleaning.self, forKey: .textCleaning) ?? .openAI
        // At least the start and end tokens; at most what any text tower's positions allow.
        contextLength = try ConfigReader(c).optionalInt(.contextLength, in: 2...4096)
        image = try c.decodeIfPresent(CLIPImagePreprocessor.self, forKey: .image)
    }
}
