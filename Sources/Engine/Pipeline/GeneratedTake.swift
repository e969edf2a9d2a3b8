import Models

/// A finished take: its recipe (the request with the mode and seed it was made with, and the
/// bundle), the generated mel
/// (log-mel as the vocoder takes it, [nMels, frames]), the waveform and where the time went.
public struct GeneratedTake: Sendable {
    public let recipe: TakeRecipe
    /// The request this take was made from, its mode the take's own.
    public var request: GenerationRequest { recipe.request }
    /// The mode this take was generated in (an A/B request yields one take per mode).
    public var mode: ConditioningMode { recipe.request.mode }
    public let mel: Tensor
    public let waveform: [Float]
    public let sampleRate: Int
    public let timings: StageTimings
    /// Cosine similarity of the conditioning embedding to the prompt's text embedding, if any.
    public let textSimilarity: Float?

    public init(recipe: TakeRecipe, mel: Tensor, waveform: [Float],
                sampleRate: Int, timings: StageTimings, textSimilarity: Float? = nil) {
        self.recipe = recipe; self.mel = mel; self.waveform = waveform
        self.sampleRate = sampleRate; self.timings = timings; self.textSimilarity = textSimilarity
    }

    public var duration: Double { Double(waveform.count) / Double(sampleRate) }

    /// How well the take matches its query (the picture, the prior's sample, the text or the
    /// sound it was conditioned on): the cosine, -1 to 1, between the audio encoder's embedding
    /// of its mel and the query's embedding. Nil when the bundle has no audio encoder.
    public var score: Float? { recipe.score }
}
