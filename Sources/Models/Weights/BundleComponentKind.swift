/// The networks a bundle holds, by their section name in bundle.json.
public enum BundleComponentKind: String, Sendable, CaseIterable, Codable {
    case clip, prior, unet, vocoder
    /// Optional: the audio encoder into CLIP space (issue #19).
    case audioEncoder = "audio_encoder"
}
