import COpenBLAS
import Foundation

/// BigVGAN's log-mel spectrogram: `log(clamp(mel_basis @ |STFT(y)|, min=1e-5))`.
///
/// Matches `bigvgan.meldataset.mel_spectrogram(y, n_fft, num_mels, sampling_rate, hop_size,
/// win_size, fmin, fmax, center=False)` followed by its `spectral_normalize_torch`: reflect
/// padding `(n_fft - hop)/2`, periodic Hann window, magnitude `sqrt(re^2 + im^2 + 1e-9)`, Slaney
/// mel filters (`librosa.filters.mel(htk=False, norm='slaney')`), natural log with floor 1e-5.
/// Computed in Double (see `ComplexFFT`), returned in Float.
public struct LogMelSpectrogram: Sendable {
    public let configuration: MelConfiguration
    public let filterbank: MelFilterbank
    public let stft: STFT
    /// The floor BigVGAN clamps mel magnitudes to before the log.
    public static let floor = 1e-5

    public init(configuration: MelConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        stft = try STFT(nFFT: configuration.nFFT, hop: configuration.hopSize, winSize: configuration.winSize)
        filterbank = MelFilterbank(sampleRate: configuration.sampleRate, nFFT: configuration.nFFT,
                                   numMels: configuration.numMels, fmin: configuration.fmin,
                                   fmax: configuration.upperFrequency)
    }

    /// Frames produced for `samples` samples.
    public func frameCount(samples: Int) -> Int { stft.frameCount(samples: samples) }

    /// Mel magnitudes (before the log), frame-major `[frames, numMels]`.
    public func melMagnitudes(_ samples: UnsafeBufferPointer<Double>) throws -> (values: [Double], frames: Int) {
        let (re, im, frames) = try stft.forward(samples)
        let bins = stft.bins, mels = configuration.numMels
        var magnitude = [Double](repeating: 0, count: frames * bins)
        for i in 0..<magnitude.count { magnitude[i] = (re[i] * re[i] + im[i] * im[i] + 1e-9).squareRoot() }
        var mel = [Double](repeating: 0, count: frames * mels)
        // mel[T, M] = magnitude[T, B] @ weights[M, B]^T
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(frames), Int32(mels), Int32(bins),
                    1, magnitude, Int32(bins), filterbank.weights, Int32(bins), 0, &mel, Int32(mels))
        return (mel, frames)
    }

    /// Log-mel of one signal: samples `[L]` -> `[numMels, frames]`.
    public func callAsFunction(_ samples: [Float]) throws -> Tensor {
        let x = samples.map(Double.init)
        let (mel, frames) = try x.withUnsafeBufferPointer { try melMagnitudes($0) }
        let mels = configuration.numMels
        let out = Tensor(zeros: [mels, frames])
        let o = out.pointer
        for t in 0..<frames {
            for m in 0..<mels { o[m * frames + t] = Float(log(Swift.max(mel[t * mels + m], Self.floor))) }
        }
        return out
    }

    /// Log-mel of a waveform tensor: `[L]` -> `[numMels, T]`, `[N, L]` -> `[N, numMels, T]`.
    public func callAsFunction(_ audio: Tensor) throws -> Tensor {
        switch audio.rank {
        case 1:
            return try self(audio.scalars)
        case 2:
            let items = try (0..<audio.dim(0)).map { try self(audio[$0].scalars) }
            let frames = items.first?.dim(1) ?? 0
            let out = Tensor(zeros: [audio.dim(0), configuration.numMels, frames])
            for (n, item) in items.enumerated() {
                (out.pointer + n * item.count).update(from: item.pointer, count: item.count)
            }
            return out
        default:
            throw AudioError.shapeMismatch(what: "waveform", got: audio.shape, expected: "[L] or [N, L]")
        }
    }
}
