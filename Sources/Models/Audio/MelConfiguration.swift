/// The framing and mel scale of a log-mel spectrogram, with BigVGAN's config.json key names
/// (`sampling_rate`, `n_fft`, `hop_size`, `win_size`, `num_mels`, `fmin`, `fmax`), so that the
/// audio section of a BigVGAN config decodes as it is. Defaults are BigVGAN-v2 22 kHz / 80 band.
public struct MelConfiguration: Codable, Sendable, Equatable {
    public var sampleRate: Int = 22050
    public var nFFT: Int = 1024
    public var hopSize: Int = 256
    public var winSize: Int = 1024
    public var numMels: Int = 80
    public var fmin: Double = 0
    /// Upper edge of the mel filters; `nil` means half the sample rate (BigVGAN's `fmax: null`).
    public var fmax: Double? = nil

    enum CodingKeys: String, CodingKey {
        case sampleRate = "sampling_rate", nFFT = "n_fft", hopSize = "hop_size", winSize = "win_size"
        case numMels = "num_mels", fmin, fmax
    }

    public init(sampleRate: Int = 22050, nFFT: Int = 1024, hopSize: Int = 256, winSize: Int = 1024,
                numMels: Int = 80, fmin: Double = 0, fmax: Double? = nil) {
        self.sampleRate = sampleRate; self.nFFT = nFFT; self.hopSize = hopSize
        self.winSize = winSize; self.numMels = numMels; self.fmin = fmin; self.fmax = fmax
    }

    /// The ranges of `BundleAudioConfig.limits`, read where a vocoder config carries its framing.
    public init(from decoder: Decoder) throws {
        let r = ConfigReader(try decoder.container(keyedBy: CodingKeys.self))
        let d = MelConfiguration()
        sampleRate = try r.int(.sampleRate, default: d.sampleRate, in: 1000...384_000)
        nFFT = try r.int(.nFFT, default: d.nFFT, in: 16...65_536)
        hopSize = try r.int(.hopSize, default: d.hopSize, in: 1...65_536)
        winSize = try r.int(.winSize, default: d.winSize, in: 1...65_536)
        numMels = try r.int(.numMels, default: d.numMels, in: 1...1024)
        fmin = try r.real(.fmin, default: d.fmin, in: 0...192_000)
        fmax = try r.optionalReal(.fmax, in: 0...192_000)
    }

    /// `fmax`, or half the sample rate when unset.
    public var upperFrequency: Double { fmax ?? Double(sampleRate) / 2 }

    /// Throws the first field that cannot work.
    public func validate() throws {
        func bad(_ f: String, _ v: CustomStringConvertible, _ r: String) -> AudioError {
            .invalidConfiguration(field: f, value: v.description, requirement: r)
        }
        guard sampleRate > 0 else { throw bad("sampling_rate", sampleRate, "positive") }
        guard nFFT >= 4, nFFT & (nFFT - 1) == 0 else { throw bad("n_fft", nFFT, "a power of two >= 4") }
        guard hopSize > 0, hopSize <= nFFT else { throw bad("hop_size", hopSize, "in 1...n_fft") }
        guard winSize > 0, winSize <= nFFT else { throw bad("win_size", winSize, "in 1...n_fft") }
        guard numMels > 0 else { throw bad("num_mels", numMels, "positive") }
        guard fmin >= 0, fmin < upperFrequency else { throw bad("fmin", fmin, "in 0..<fmax") }
        guard upperFrequency <= Double(sampleRate) / 2 else {
            throw bad("fmax", upperFrequency, "at most half the sample rate")
        }
    }
}
