import Foundation
import Models
import Playback

/// The log-mel picture of a take's audio, computed from its WAV so that a take looks the same
/// when it has just been made and after the session is reopened (the engine's own mel is not
/// saved). The framing is models/mini's at 16 kHz (n_fft 1024, hop 256, 80 bands up to half the
/// rate), scaled with the file's rate so other bundles' takes keep about the same time resolution.
public enum TakeMel {
    /// Mel bands shown; the view resamples them to its rows.
    static let bands = 80

    /// The framing for audio at `sampleRate`: 64 ms windows, a quarter-window hop.
    static func configuration(sampleRate: Int) -> MelConfiguration {
        var nFFT = 4
        while nFFT * 2 <= max(Int(Double(sampleRate) * 0.064), 4) { nFFT *= 2 }
        return MelConfiguration(sampleRate: sampleRate, nFFT: nFFT, hopSize: nFFT / 4, winSize: nFFT,
                                numMels: bands, fmin: 0, fmax: Double(sampleRate) / 2)
    }

    /// The picture of `buffer`, or why there is none (a take shorter than one window).
    public static func image(of buffer: AudioBuffer) throws(StudioError) -> SpectrogramImage {
        let configuration = configuration(sampleRate: buffer.sampleRate)
        guard buffer.samples.count >= configuration.nFFT else {
            throw .audio("\(buffer.samples.count) samples are too few for a spectrogram (one window is \(configuration.nFFT))")
        }
        do {
            let mel = try LogMelSpectrogram(configuration: configuration)(buffer.samples)
            guard let image = SpectrogramImage(tensor: mel) else {
                throw StudioError.audio("the spectrogram has shape \(mel.shape), expected [bands, frames]")
            }
            return image
        } catch let error as StudioError {
            throw error
        } catch {
            throw .audio("cannot compute its spectrogram: \(error)")
        }
    }
}
