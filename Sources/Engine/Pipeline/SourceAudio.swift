import Foundation
import Models

/// Reads a sound file for the engine: mono samples and their rate. The engine does not link an
/// audio codec; each front end passes its reader (Playback's `AudioFile.read`).
public typealias AudioReader = @Sendable (String) throws -> (samples: [Float], sampleRate: Int)

/// The sound a variation starts from, as the bundle's normalised log-mel.
enum SourceAudio {
    /// Shortest sound a variation starts from, in seconds.
    static let minimumSeconds = 0.25
    /// Peak below which a sound counts as silent (-80 dBFS).
    static let silencePeak: Float = 1e-4

    /// The mel [nMels, frames] of the sound at `path`, at most `maxFrames` long (cut with a notice).
    static func mel(path: String, reader: AudioReader?, audio: BundleAudioConfig, maxFrames: Int,
                    notice: (String) -> Void) throws -> Tensor {
        guard let reader else {
            throw EngineError.invalidRequest("from-audio needs a front end that reads audio files")
        }
        let sound: (samples: [Float], sampleRate: Int)
        do { sound = try reader(path) } catch {
            throw EngineError.unreadableAudio(path: path, reason: "\(error)")
        }
        guard sound.sampleRate > 0, !sound.samples.isEmpty else {
            throw EngineError.unreadableAudio(path: path, reason: "it holds no samples")
        }
        let seconds = Double(sound.samples.count) / Double(sound.sampleRate)
        guard seconds >= minimumSeconds else {
            throw EngineError.unreadableAudio(path: path, reason: String(format: "it is %.3f s long; a variation needs at least %.2f s", seconds, minimumSeconds))
        }
        if FiniteCheck.firstNonFinite(sound.samples) != nil {
            throw EngineError.unreadableAudio(path: path, reason: "it holds samples that are not numbers")
        }
        var peak: Float = 0
        var clipped = 0
        for v in sound.samples {
            peak = max(peak, abs(v))
            if abs(v) >= 0.999 { clipped += 1 }
        }
        guard peak >= silencePeak else {
            throw EngineError.unreadableAudio(path: path, reason: "it is silent (peak below -80 dBFS); give a sound to vary")
        }
        if clipped * 200 > sound.samples.count {
            notice(String(format: "%@ is clipped (%.1f%% of its samples at full scale); the variation keeps that harshness", path,
                          100 * Double(clipped) / Double(sound.samples.count)))
        }
        var samples = SincResampler(from: sound.sampleRate, to: audio.sampleRate)(sound.samples)
        let maxSamples = maxFrames * audio.hop
        if samples.count > maxSamples {
            notice(String(format: "%@ is %.2f s long; the variation uses its first %.2f s (one window of this bundle)", path,
                          seconds, Double(maxSamples) / Double(audio.sampleRate)))
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
