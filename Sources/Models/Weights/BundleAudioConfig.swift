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

    /// Range checks that types alone cannot express: (JSON path, problem) of the first failure.
    func problem() -> (path: String, detail: String)? {
        let positive: [(String, Int)] = [("sample_rate", sampleRate), ("n_fft", nFFT), ("hop", hop),
                                         ("win", win), ("n_mels", nMels), ("frames", frames)]
        for (name, value) in positive where value <= 0 {
            return ("audio.\(name)", "must be positive, found \(value)")
        }
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
