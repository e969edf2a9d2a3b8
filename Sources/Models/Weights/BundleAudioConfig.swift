/// The audio representation every network of a bundle shares (`audio` in bundle.json).
public struct BundleAudioConfig: Codable, Sendable, Equatable {
    public var sampleRate: Int
    public var nFFT: Int
    /// STFT hop, in samples.
    public var hop: Int
    /// STFT window length, in samples (at most `nFFT`).
    public var win: Int
    public var nMels: Int
    /// Mel filter bank range, in Hz.
    public var fmin: Double
    public var fmax: Double
    /// Mel frames the U-Net generates.
    public var frames: Int
    public var log: BundleMelLog

    public init(sampleRate: Int, nFFT: Int, hop: Int, win: Int, nMels: Int, fmin: Double, fmax: Double,
                frames: Int, log: BundleMelLog) {
        self.sampleRate = sampleRate
        self.nFFT = nFFT
        self.hop = hop
        self.win = win
        self.nMels = nMels
        self.fmin = fmin
        self.fmax = fmax
        self.frames = frames
        self.log = log
    }

    enum CodingKeys: String, CodingKey {
        case sampleRate = "sample_rate", nFFT = "n_fft", hop, win, nMels = "n_mels", fmin, fmax, frames, log
    }

    /// The allowed range of each whole-number field. Buffers are sized from these (a take is
    /// n_mels x frames x 4 windows, the STFT n_fft wide), so a value from a damaged or hostile
    /// bundle.json must be refused here rather than reach an allocation; the ranges hold every
    /// audio front end in use (16-48 kHz, 64-128 mels, 1024-2048-point FFTs) with room to spare.
    public static let limits: [(name: String, range: ClosedRange<Int>)] = [
        ("sample_rate", 1000...384_000), ("n_fft", 16...65_536), ("hop", 1...65_536), ("win", 16...65_536),
        ("n_mels", 1...1024), ("frames", 1...16_384),
    ]

    /// Range checks that types alone cannot express: (JSON path, problem) of the first failure.
    func problem() -> (path: String, detail: String)? {
        let values = [sampleRate, nFFT, hop, win, nMels, frames]
        for ((name, range), value) in zip(Self.limits, values) where !range.contains(value) {
            return ("audio.\(name)", "must be from \(range.lowerBound) to \(range.upperBound), found \(value)")
        }
        if hop > nFFT { return ("audio.hop", "hop \(hop) is longer than n_fft \(nFFT)") }
        if !fmin.isFinite || !fmax.isFinite { return ("audio.fmin", "fmin and fmax must be finite numbers") }
        if win > nFFT { return ("audio.win", "window \(win) is longer than n_fft \(nFFT)") }
        if fmin < 0 { return ("audio.fmin", "must not be negative, found \(fmin)") }
        if fmax <= fmin { return ("audio.fmax", "must be above fmin \(fmin), found \(fmax)") }
        if fmax > Double(sampleRate) / 2 {
            return ("audio.fmax", "\(fmax) Hz is above the Nyquist frequency \(Double(sampleRate) / 2) Hz")
        }
        if !(log.floor > 0) { return ("audio.log.floor", "must be positive, found \(log.floor)") }
        if !(log.std > 0) { return ("audio.log.std", "must be positive, found \(log.std)") }
        return nil
    }
}
