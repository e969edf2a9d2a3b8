/// Wall-clock seconds each stage of a take's generation took.
public struct TakeTimings: Codable, Sendable, Equatable {
    /// CLIP text and/or image encoding.
    public var encode: Double
    /// Diffusion prior sampling; 0 in zero-shot and image modes.
    public var prior: Double
    /// The U-Net denoising loop.
    public var denoise: Double
    /// Mel spectrogram to waveform.
    public var vocode: Double

    public var total: Double { encode + prior + denoise + vocode }

    public init(encode: Double = 0, prior: Double = 0, denoise: Double = 0, vocode: Double = 0) {
        self.encode = encode; self.prior = prior; self.denoise = denoise; self.vocode = vocode
    }

    private enum CodingKeys: String, CodingKey { case encode, prior, denoise, vocode }

    /// A stage the file does not mention took no time (files from before it existed).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        encode = try container.decodeIfPresent(Double.self, forKey: .encode) ?? 0
        prior = try container.decodeIfPresent(Double.self, forKey: .prior) ?? 0
        denoise = try container.decodeIfPresent(Double.self, forKey: .denoise) ?? 0
        vocode = try container.decodeIfPresent(Double.self, forKey: .vocode) ?? 0
    }
}
