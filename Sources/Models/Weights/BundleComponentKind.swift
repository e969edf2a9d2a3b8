/// The networks a bundle holds, by their section name in bundle.json.
public enum BundleComponentKind: String, Sendable, CaseIterable, Codable {
    case clip, prior, unet, vocoder
}
