/// Triangular mel filters with Slaney area normalisation, as `librosa.filters.mel(sr=, n_fft=,
/// n_mels=, fmin=, fmax=, htk=False, norm='slaney')` builds them (BigVGAN's `mel_basis`).
///
/// Built in Double like librosa, then rounded to Float32 as librosa's default `dtype` and
/// BigVGAN's `.float()` do, so the Double STFT path multiplies by exactly the same weights.
public struct MelFilterbank: Sendable {
    public let numMels: Int
    public let bins: Int
    /// Row-major `[numMels, bins]`, Float32 values held in Double.
    public let weights: [Double]

    public init(sampleRate: Int, nFFT: Int, numMels: Int, fmin: Double, fmax: Double) {
        self.numMels = numMels
        bins = nFFT / 2 + 1
        // Centre frequencies of numMels + 2 points evenly spaced in mel (np.linspace).
        let lo = SlaneyMelScale.mel(fromHz: fmin), hi = SlaneyMelScale.mel(fromHz: fmax)
        let points = numMels + 2
        let step = (hi - lo) / Double(points - 1)
        var melHz = (0..<points).map { SlaneyMelScale.hz(fromMel: lo + step * Double($0)) }
        melHz[points - 1] = SlaneyMelScale.hz(fromMel: hi)
        let binHz = (0..<bins).map { Double($0) * (Double(sampleRate) / Double(nFFT)) }
        var w = [Double](repeating: 0, count: numMels * bins)
        for m in 0..<numMels {
            let lowerWidth = melHz[m + 1] - melHz[m], upperWidth = melHz[m + 2] - melHz[m + 1]
            let norm = 2.0 / (melHz[m + 2] - melHz[m])
            for k in 0..<bins {
                let lower = (binHz[k] - melHz[m]) / lowerWidth
                let upper = (melHz[m + 2] - binHz[k]) / upperWidth
                let v = Swift.max(0, Swift.min(lower, upper)) * norm
                w[m * bins + k] = Double(Float(v))
            }
        }
        weights = w
    }
}
