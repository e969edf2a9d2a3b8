/// The shape of the audio encoder: the `audio_encoder.config` object of bundle.json.
///
/// Same keys (snake_case) and defaults as `AudioEncoderConfig` in
/// training/clipsonic/audio_encoder.py, the network's one definition. Every field is read through
/// `ConfigReader`, so a damaged or hostile bundle.json is refused with the field, its value and
/// the allowed range before anything is sized from it.
public struct AudioEncoderConfiguration: Codable, Sendable, Equatable {
    /// The mel bands the encoder takes (must equal the bundle's `audio.n_mels`).
    public var nMels: Int = 80
    /// Output channels of each conv block; every block after the first halves height and width.
    public var channels: [Int] = [32, 64, 128, 128]
    public var normGroups: Int = 8
    public var normEps: Float = 1e-5
    public var hiddenDim: Int = 256
    /// The embedding width (must equal the bundle's CLIP projection width).
    public var embedDim: Int = 512

    public init() {}

    enum CodingKeys: String, CodingKey {
        case nMels = "n_mels", channels, normGroups = "norm_groups", normEps = "norm_eps"
        case hiddenDim = "hidden_dim", embedDim = "embed_dim"
    }

    /// The widest conv block a bundle may ask for: far beyond a "small" encoder, small enough
    /// that no product of these sizes overflows.
    public static let maximumChannels = 4096

    public init(from decoder: any Decoder) throws {
        let r = ConfigReader(try decoder.container(keyedBy: CodingKeys.self))
        let d = AudioEncoderConfiguration()
        nMels = try r.int(.nMels, default: d.nMels, in: 1...1024)
        channels = try r.ints(.channels, default: d.channels, count: 1...12, each: 1...Self.maximumChannels)
        normGroups = try r.int(.normGroups, default: d.normGroups, in: 1...Self.maximumChannels)
        normEps = Float(try r.real(.normEps, default: Double(d.normEps), in: 1e-12...1))
        hiddenDim = try r.int(.hiddenDim, default: d.hiddenDim, in: 1...65_536)
        embedDim = try r.int(.embedDim, default: d.embedDim, in: 1...8192)
        if let bad = channels.firstIndex(where: { $0 % normGroups != 0 }) {
            throw r.failure(.normGroups, "channels[\(bad)] = \(channels[bad]) does not divide into \(normGroups) groups")
        }
    }

    /// The network's parameters (the ranges above keep this far from overflow).
    public var parameterCount: Int {
        let blocks = zip(inputChannels, channels).reduce(0) { $0 + $1.1 * ($1.0 * 9 + 1) + 2 * $1.1 }
        return blocks + hiddenDim * (channels[channels.count - 1] + 1) + embedDim * (hiddenDim + 1)
    }

    /// Input channels of each block (1 for the mel, then the previous block's output).
    var inputChannels: [Int] { [1] + channels.dropLast() }
}
