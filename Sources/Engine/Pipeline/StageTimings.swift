/// Wall-clock seconds spent in each stage of one take.
public struct StageTimings: Codable, Sendable, Equatable {
    public var encoding: Double = 0
    public var prior: Double = 0
    public var denoising: Double = 0
    public var vocoding: Double = 0

    public init(encoding: Double = 0, prior: Double = 0, denoising: Double = 0, vocoding: Double = 0) {
        self.encoding = encoding; self.prior = prior; self.denoising = denoising; self.vocoding = vocoding
    }

    public var total: Double { encoding + prior + denoising + vocoding }

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
