/// The stages of one take, in order; raw values are the shared spelling in logs and JSON.
public enum GenerationStage: String, Codable, Sendable, CaseIterable {
    case encoding, prior, denoising, vocoding
}
