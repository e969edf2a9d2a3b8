import Foundation

/// The vocoder of bundles without a neural one: BigVGAN-style log-mel -> waveform by mel
/// inversion and fast Griffin-Lim.
///
/// 1. `exp(logMel)` gives mel magnitudes (the inverse of BigVGAN's `log(clamp(x, 1e-5))`, or of
///    a bundle's normalised log rule: `base^(value * std + mean)`).
/// 2. `MelInversion` turns them into linear magnitudes by non-negative least squares.
/// 3. Fast Griffin-Lim (Perraudin, Balazs & Søndergaard 2013) recovers a phase; the loop matches
///    `torchaudio.functional.griffinlim` (`rand_init=True`): each iteration inverts
///    `magnitude * angles`, re-analyses the signal, and sets
///    `angles = normalise(rebuilt - momentum / (1 + momentum) * previousRebuilt)`.
///    The STFT framing is BigVGAN's (see `STFT`), so `T` mel frames give `T * hop` samples.
///
/// Frames are spread over `ComputeThreads`; buffers are allocated once per call.
public struct GriffinLim: Sendable {
    public let melConfiguration: MelConfiguration
    public let configuration: GriffinLimConfiguration
    public let stft: STFT
    public let inversion: MelInversion
    /// How the input values were made from mel magnitudes; BigVGAN's rule (natural log, floor
    /// 1e-5, no normalisation) by default.
    public let logRule: BundleMelLog

    public init(melConfiguration: MelConfiguration, configuration: GriffinLimConfiguration = .init(),
                logRule: BundleMelLog = BundleMelLog()) throws {
        try melConfiguration.validate()
        try configuration.validate()
        guard logRule.std > 0 else {
            throw AudioError.invalidConfiguration(field: "audio.log.std", value: "\(logRule.std)", requirement: "positive")
        }
        self.melConfiguration = melConfiguration
        self.configuration = configuration
        self.logRule = logRule
        stft = try STFT(nFFT: melConfiguration.nFFT, hop: melConfiguration.hopSize, winSize: melConfiguration.winSize)
        let bank = MelFilterbank(sampleRate: melConfiguration.sampleRate, nFFT: melConfiguration.nFFT,
                                 numMels: melConfiguration.numMels, fmin: melConfiguration.fmin,
                                 fmax: melConfiguration.upperFrequency)
        inversion = MelInversion(filterbank: bank, iterations: configuration.melInversionIterations)
    }

    /// Waveform of a log-mel spectrogram: `[numMels, T]` -> `[T * hop]`, or
    /// `[N, numMels, T]` -> `[N, T * hop]`.
    public func callAsFunction(_ logMel: Tensor) throws -> Tensor {
        let mels = melConfiguration.numMels
        let expected = "[\(mels), T] or [N, \(mels), T]"
        guard logMel.rank == 2 || logMel.rank == 3, logMel.dim(-2) == mels else {
            throw AudioError.shapeMismatch(what: "log-mel spectrogram", got: logMel.shape, expected: expected)
        }
        let batch = logMel.rank == 3 ? logMel.dim(0) : 1
        let frames = logMel.dim(-1)
        let length = frames * stft.hop
        // Re-analysis reflect-pads the signal by (nFFT - hop) / 2, which must be shorter than it.
        let minimumFrames = (stft.padding + 1 + stft.hop - 1) / stft.hop
        guard frames >= minimumFrames else {
            throw AudioError.shapeMismatch(what: "log-mel spectrogram", got: logMel.shape,
                                           expected: "at least \(minimumFrames) frames for n_fft \(stft.nFFT), hop \(stft.hop)")
        }
        let out = Tensor(zeros: logMel.rank == 3 ? [batch, length] : [length])
        for n in 0..<batch {
            let item = logMel.rank == 3 ? logMel[n] : logMel
            // [mels, T] (normalised) log values -> frame-major [T, mels] magnitudes.
            var mel = [Double](repeating: 0, count: frames * mels)
            let p = item.pointer
            let mean = logRule.mean, std = logRule.std, ln10 = log(10.0)
            let scale = logRule.base == .e ? 1 : ln10
            for m in 0..<mels {
                for t in 0..<frames { mel[t * mels + m] = exp(scale * (Double(p[m * frames + t]) * std + mean)) }
            }
            let magnitude = inversion.magnitudes(mel: mel, frames: frames)
            let y = waveform(magnitudes: magnitude, frames: frames)
            let o = out.pointer + n * length
            for i in 0..<length { o[i] = Float(y[i]) }
        }
        return out
    }

    /// Phase recovery from linear magnitudes `[frames, bins]`; returns `frames * hop` samples.
    public func waveform(magnitudes: [Double], frames: Int) -> [Double] {
        let bins = stft.bins, n = stft.nFFT, hop = stft.hop
        let length = frames * hop
        precondition(magnitudes.count == frames * bins, "magnitudes: \(magnitudes.count) values for \(frames) frames")
        let count = frames * bins
        var angleRe = [Double](repeating: 0, count: count), angleIm = angleRe
        var previousRe = angleRe, previousIm = angleRe
        var rng = SplitMix64(seed: configuration.seed)
        for i in 0..<count {
            let phase = 2 * Double.pi * rng.next()
            angleRe[i] = cos(phase); angleIm[i] = sin(phase)
        }
        var y = [Double](repeating: 0, count: length)
        let frameBuffer = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(frames * n, 1))
        defer { frameBuffer.deallocate() }
        let inverseEnvelope = stft.inverseEnvelope(frames: frames, length: length)
        let carry = configuration.momentum / (1 + configuration.momentum)
        let fft = stft.fft

        magnitudes.withUnsafeBufferPointer { mb in
        angleRe.withUnsafeMutableBufferPointer { arb in
        angleIm.withUnsafeMutableBufferPointer { aib in
        previousRe.withUnsafeMutableBufferPointer { prb in
        previousIm.withUnsafeMutableBufferPointer { pib in
        y.withUnsafeMutableBufferPointer { yb in
        stft.window.withUnsafeBufferPointer { wb in
        inverseEnvelope.withUnsafeBufferPointer { eb in
            guard let mag = mb.baseAddress, let ar = arb.baseAddress, let ai = aib.baseAddress,
                  let pr = prb.baseAddress, let pi = pib.baseAddress, let out = yb.baseAddress,
                  let w = wb.baseAddress, let env = eb.baseAddress else { return }

            // y = iSTFT(magnitude * angles)
            func synthesise() {
                stft.forEachChunk(frames) { range in
                    let scratch = RealFFT.Scratch(for: fft)
                    let re = UnsafeMutablePointer<Double>.allocate(capacity: 2 * bins)
                    defer { re.deallocate() }
                    let im = re + bins
                    for t in range {
                        let o = t * bins
                        for k in 0..<bins { re[k] = mag[o + k] * ar[o + k]; im[k] = mag[o + k] * ai[o + k] }
                        let f = frameBuffer + t * n
                        fft.inverse(re: re, im: im, into: f, scratch: scratch)
                        for i in 0..<n { f[i] *= w[i] }
                    }
                }
                stft.overlapAdd(frameBuffer, frames: frames, length: length, inverseEnvelope: env, into: out)
            }

            for _ in 0..<configuration.iterations {
                synthesise()
                let padded = stft.reflectPadded(UnsafeBufferPointer(start: out, count: length))
                padded.withUnsafeBufferPointer { pb in
                    guard let p = pb.baseAddress else { return }
                    stft.forEachChunk(frames) { range in
                        let scratch = RealFFT.Scratch(for: fft)
                        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: n + 2 * bins)
                        defer { buffer.deallocate() }
                        let re = buffer + n, im = re + bins
                        for t in range {
                            stft.transformFrame(padded: p, start: t * hop, re: re, im: im, frame: buffer,
                                                scratch: scratch)
                            let o = t * bins
                            for k in 0..<bins {
                                let vr = re[k] - carry * pr[o + k], vi = im[k] - carry * pi[o + k]
                                let inv = 1 / ((vr * vr + vi * vi).squareRoot() + 1e-16)
                                ar[o + k] = vr * inv; ai[o + k] = vi * inv
                                pr[o + k] = re[k]; pi[o + k] = im[k]
                            }
                        }
                    }
                }
            }
            synthesise()
        }}}}}}}}
        return y
    }
}
