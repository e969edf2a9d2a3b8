import Models

/// What the progress handler sees after each sampling step.
public struct DenoisingStep: Sendable {
    /// 0-based index of the step just finished.
    public let index: Int
    public let count: Int
    /// The training timestep the network ran at.
    public let timeStep: Int
    /// The current estimate of the clean mel, x₀: [N, C, H, W]. Unclamped.
    public let predictedOriginal: Tensor
    /// The sample after this step, x_{t_next}.
    public let sample: Tensor
}

/// Why denoising stopped early.
public enum DenoisingError: Error, Equatable, CustomStringConvertible {
    /// The progress handler returned false after step `afterStep` (0-based).
    case cancelled(afterStep: Int)

    public var description: String {
        switch self {
        case .cancelled(let step): return "denoising cancelled after step \(step + 1)"
        }
    }
}
