import Models

/// A finished take: the request that made it (with the seed actually used), the generated mel
/// (log-mel as the vocoder takes it, [nMels, frames]), the waveform and where the time went.
public struct GeneratedTake: Sendable {
    public let request: GenerationRequest
    /// The mode this take was generated in (an A/B request yields one take per mode).
    public let mode: ConditioningMode
    public let mel: Tensor
    public let waveform: [Float]
    public let sampleRate: Int
    public let timings: StageTimings
    /// Cosine similarity of the conditioning embedding to the prompt's text embedding, if any.
    public let textSimilarity: Float?

    public init(request: GenerationRequest, mode: ConditioningMode, mel: Tensor, waveform: [Float],
                sampleRate: Int, timings: StageTimings, textSimilarity: Float? = nil) {
        self.request = request; self.mode = mode; self.mel = mel; self.waveform = waveform
        self.sampleRate = sampleRate; self.timings = timings; self.textSimilarity = textSimilarity
    }

    public var duration: Double { Double(waveform.count) / Double(sampleRate) }
}
