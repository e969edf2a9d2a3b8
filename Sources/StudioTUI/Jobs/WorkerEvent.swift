import Engine

/// What the engine's thread tells the main loop.
public enum WorkerEvent: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case completed
        case cancelled
        case failed(String)
    }

    case engineReady
    case engineFailed(String)
    case jobStarted(jobID: Int)
    case stage(jobID: Int, GenerationStage, ConditioningMode)
    case step(jobID: Int, index: Int, of: Int, mode: ConditioningMode, preview: SpectrogramImage?)
    case takeSaved(jobID: Int, SavedTake)
    case takeNotSaved(jobID: Int, mode: ConditioningMode, message: String)
    case jobEnded(jobID: Int, Outcome)
}
