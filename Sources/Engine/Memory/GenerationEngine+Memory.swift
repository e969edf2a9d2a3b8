import Foundation
import Models

extension GenerationEngine {
    /// Refuses an estimate above what the machine has. Once the weights are loaded (a take
    /// longer than the window, checked per request) only the take's working set is new.
    static func checkMemory(_ estimate: MemoryEstimate, weightsLoaded: Bool, what: String,
                            available: (bytes: Double, source: String)) throws {
        let needed = weightsLoaded ? estimate.activations.bytes : estimate.total
        guard needed > available.bytes else { return }
        var parts = weightsLoaded ? [] : ["weights: " + estimate.weights.map { "\($0.name) \(EngineError.gigabytes($0.bytes))" }
            .joined(separator: ", ")]
        parts.append("largest working set: \(estimate.activations.stage) \(EngineError.gigabytes(estimate.activations.bytes))")
        let advice = weightsLoaded ? "ask for a shorter duration, or close other programs"
            : "check the sizes in its bundle.json, use a smaller bundle, or close other programs"
        throw EngineError.insufficientMemory(what: what, needed: needed, available: available.bytes,
                                             source: available.source, breakdown: parts.joined(separator: "; "),
                                             advice: advice)
    }

    /// A take longer than the bundle's window: its mel, waveform and vocoder pass grow with it.
    func checkMemory(forFrames frames: Int) throws {
        guard frames > audio.frames else { return }
        let seconds = Double(frames * audio.hop) / Double(audio.sampleRate)
        try Self.checkMemory(MemoryEstimate(configs, frames: frames), weightsLoaded: true,
                             what: String(format: "a %.1f s take of bundle %@", seconds, bundle.manifest.name),
                             available: availableMemory())
    }
}
