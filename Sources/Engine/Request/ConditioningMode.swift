/// Where the U-Net's conditioning embedding comes from. The raw values are the one spelling used
/// by the CLI, session JSON, file tags and logs.
public enum ConditioningMode: String, Codable, Sendable, CaseIterable {
    /// The prompt's CLIP text embedding, used as if it were an image embedding.
    case zeroShot = "zero-shot"
    /// A CLIP image embedding sampled by the diffusion prior from the prompt's text embedding.
    case prior
    /// The CLIP image embedding of a picture.
    case image
    /// A weighted mix of the prompt's prior embedding and a picture's embedding.
    case mix
    /// A sound's embedding from the bundle's audio encoder (the sound is the query).
    case audio
}
