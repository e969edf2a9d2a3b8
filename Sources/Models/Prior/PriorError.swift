/// What can go wrong configuring or running the diffusion prior, other than reading weights
/// (`WeightsError`). Each description says what to do.
public enum PriorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A config field is out of range (`field` is its JSON path, e.g. `net.heads`).
    case invalidConfig(field: String, detail: String)
    /// An input tensor has the wrong shape.
    case invalidInput(name: String, found: [Int], expected: String)
    /// Guidance asked of a prior without a learned null condition (dalle2-pytorch 1.1.0 math, e.g.
    /// LAION's prior, whose unconditional prediction equals the conditional one) or trained
    /// without condition dropout.
    case guidanceUnavailable(condScale: Float)
    /// A sampling setting is out of range.
    case invalidSampling(detail: String)
    /// The progress handler asked to stop.
    case cancelled

    public var description: String {
        switch self {
        case let .invalidConfig(field, detail):
            return "prior config: \(field) \(detail); fix the prior config in bundle.json"
        case let .invalidInput(name, found, expected):
            return "prior input \(name) has shape \(found), expected \(expected)"
        case let .guidanceUnavailable(scale):
            return "prior guidance \(scale) needs a prior with a learned null condition, trained with condition "
                + "dropout (bundle.json prior.config.net.learned_null_condition, training/clipsonic/train_prior.py "
                + "--null-condition learned); this prior has none (dalle2-pytorch 1.1.0 math: its unconditional "
                + "prediction equals the conditional one), so guidance would change nothing: use prior guidance 1"
        case let .invalidSampling(detail):
            return "prior sampling: \(detail)"
        case .cancelled:
            return "prior sampling cancelled"
        }
    }
}
