/// Wall-clock seconds spent in each stage of one take. `scoring` is the audio encoder hearing the
/// finished mel (0 for a bundle without one); it is no stage of its own in the progress events.
public struct StageTimings: Codable, Sendable, Equatable {
    public var encoding: Double = 0
    public var prior: Double = 0
    public var denoising: Double = 0
    public var vocoding: Double = 0
    public var scoring: Double = 0

    public init(encoding: Double = 0, prior: Double = 0, denoising: Double = 0, vocoding: Double = 0, scoring: Double = 0) {
        self.encoding = encoding; self.prior = prior; self.denoising = denoising; self.vocoding = vocoding
        self.scoring = scoring
    }

    public var total: Double { encoding + prior + denoising + vocoding + scoring }

    private enum CodingKeys: String, CodingKey { case encoding, prior, denoising, vocoding, scoring }

    /// A stage left out reads as 0 (sessions written before scoring have no `scoring`); a stage
    /// written as anything but a number, null included, is an error, as it always was.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func seconds(_ key: CodingKeys) throws -> Double { c.contains(key) ? try c.decode(Double.self, forKey: key) : 0 }
        encoding = try seconds(.encoding)
        prior = try seconds(.prior)
        denoising = try seconds(.denoising)
        vocoding = try seconds(.vocoding)
        scoring = try seconds(.scoring)
    }

    /// `scoring` only when there was any, so that a bundle without an encoder writes the
    /// four stages sessions have always had.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(encoding, forKey: .encoding)
        try c.encode(prior, forKey: .prior)
        try c.encode(denoising, forKey: .denoising)
        try c.encode(vocoding, forKey: .vocoding)
        if scoring != 0 { try c.encode(scoring, forKey: .scoring) }
    }

    subscript(stage: GenerationStage) -> Double {
        get {
            switch stage {
            case .encoding: encoding
            case .prior: prior
            case .denoising: denoising
            case .vocoding: vocoding
            }
        }
        set {
            switch stage {
            case .encoding: encoding = newValue
            case .prior: prior = newValue
            case .denoising: denoising = newValue
            case .vocoding: vocoding = newValue
            }
        }
    }
}
