/// The contents of a bundle's `bundle.json`: what the bundle is, its audio representation and
/// one section per network.
///
/// ```json
/// {"format": "clipsonic-bundle", "version": 1, "name": "mini", "description": "…", "license": "…",
///  "audio": {"sample_rate": 16000, "n_fft": 1024, "hop": 256, "win": 1024, "n_mels": 64,
///            "fmin": 0, "fmax": 8000, "frames": 256, "log": {"base": "e", "floor": 1e-5}},
///  "clip": {"weights": "clip.safetensors", "tokenizer": "bpe.txt", "config": {…}},
///  "prior": {"weights": "prior.safetensors", "config": {…}},
///  "unet": {"weights": "unet.safetensors", "config": {…}},
///  "vocoder": {"kind": "bigvgan", "weights": "vocoder.safetensors", "config": {…}}}
/// ```
/// `prior` is optional (bundles without one offer only zero-shot and image modes), and so is
/// `audio_encoder` (a mel into CLIP space, training/clipsonic/audio_encoder.py).
public struct BundleManifest: Codable, Sendable, Equatable {
    public static let formatName = "clipsonic-bundle"
    public static let supportedVersion = 1
    public static let vocoderKinds = ["bigvgan", "griffin-lim"]

    public var format: String
    public var version: Int
    public var name: String
    public var description: String
    public var license: String
    public var audio: BundleAudioConfig
    public var clip: BundleComponent
    public var prior: BundleComponent?
    public var unet: BundleComponent
    public var vocoder: BundleComponent
    public var audioEncoder: BundleComponent?

    enum CodingKeys: String, CodingKey {
        case format, version, name, description, license, audio, clip, prior, unet, vocoder
        case audioEncoder = "audio_encoder"
    }

    /// The section for `kind`, nil only for an absent optional one (prior, audio encoder).
    public func component(_ kind: BundleComponentKind) -> BundleComponent? {
        switch kind {
        case .clip: return clip
        case .prior: return prior
        case .unet: return unet
        case .vocoder: return vocoder
        case .audioEncoder: return audioEncoder
        }
    }

    /// The sections present, in pipeline order.
    public var components: [(kind: BundleComponentKind, component: BundleComponent)] {
        BundleComponentKind.allCases.compactMap { kind in component(kind).map { (kind, $0) } }
    }
}
