import Foundation
import Models

/// Reads a sound file for the engine: mono samples and their rate. The engine does not link an
/// audio codec; each front end passes its reader (Playback's `AudioFile.read`).
public typealias AudioReader = @Sendable (String) throws -> (samples: [Float], sampleRate: Int)

/// A sound read for the engine (the one a variation starts from, the query of audio mode, a take
/// being searched), as the bundle's normalised log-mel.
enum SourceAudio {
    /// What the sound is for: it words the errors and notices.
    enum Use {
        /// The start of a variation (`from-audio`).
        case variation
        /// The query of audio mode, or a take whose sound is embedded (search).
        case query

        func unreadable(_ path: String, _ reason: String) -> EngineError {
            switch self {
            case .variation: .unreadableAudio(path: path, reason: reason)
            case .query: .unreadableQuerySound(path: path, reason: reason)
            }
        }

        var what: String { self == .variation ? "a variation" : "a query" }
    }

    /// Shortest sound a variation starts from, in seconds.
    static let minimumSeconds = 0.25
    /// Peak below which a sound counts as silent (-80 dBFS).
    static let silencePeak: Float = 1e-4

    /// The mel [nMels, frames] of the sound at `path`, at most `maxFrames` long (cut with a notice).
    static func mel(path: String, reader: AudioReader?, audio: BundleAudioConfig, maxFrames: Int, use: Use = .variation,
                    notice: (String) -> Void) throws -> Tensor {
        guard let reader else {
            throw EngineError.invalidRequest("reading a sound needs a front end that reads audio files")
        }
        let sound: (samples: [Float], sampleRate: Int)
        do { sound = try reader(path) } catch {
            throw use.unreadable(path, "\(error)")
        }
        guard sound.sampleRate > 0, !sound.samples.isEmpty else {
            throw use.unreadable(path, "it holds no samples")
        }
        let seconds = Double(sound.samples.count) / Double(sound.sampleRate)
        guard seconds >= minimumSeconds else {
            throw use.unreadable(path, String(format: "it is %.3f s long; %@ needs at least %.2f s", seconds, use.what, minimumSeconds))
        }
        if FiniteCheck.firstNonFinite(sound.samples) != nil {
            throw use.unreadable(path, "it holds samples that are not numbers")
        }
        var peak: Float = 0
        var clipped = 0
        for v in sound.samples {
            peak = max(peak, abs(v))
            if abs(v) >= 0.999 { clipped += 1 }
        }
        guard peak >= silencePeak else {
            throw use.unreadable(path, use == .variation ? "it is silent (peak below -80 dBFS); give a sound to vary"
                                                         : "it is silent (peak below -80 dBFS); give a sound to listen to")
        }
        if use == .variation, clipped * 200 > sound.samples.count {
            notice(String(format: "%@ is clipped (%.1f%% of its samples at full scale); the variation keeps that harshness", path,
                          100 * Double(clipped) / Double(sound.samples.count)))
        }
        var samples = SincResampler(from: sound.sampleRate, to: audio.sampleRate)(sound.samples)
        let maxSamples = maxFrames * audio.hop
        if samples.count > maxSamples {
            let kept = Double(maxSamples) / Double(audio.sampleRate)
            notice(use == .variation
                   ? String(format: "%@ is %.2f s long; the variation uses its first %.2f s (one window of this bundle)", path, seconds, kept)
                   : String(format: "%@ is %.2f s long; the query uses its first %.2f s", path, seconds, kept))
            samples.removeLast(samples.count - maxSamples)
        }
        let spectrogram = try LogMelSpectrogram(configuration: MelConfiguration(bundleAudio: audio))
        let logMel = try spectrogram(samples)
        // The bundle's rule: (log_base(max(mel, floor)) - mean) / std; LogMelSpectrogram gives ln
        // with BigVGAN's floor, so the floor is applied again in case the bundle's is higher.
        let log = audio.log
        let toBase = log.base == .e ? 1.0 : 1 / 2.302585092994046
        let floor = Foundation.log(log.floor)
        return Ops.map(logMel) { v in Float((max(Double(v), floor) * toBase - log.mean) / log.std) }
    }
}
