import Engine
import Session

/// What the engine's thread tells the main loop.
public enum WorkerEvent: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case completed
        case cancelled
        case failed(String)
    }

    /// What the loaded bundle can do that the studio shows or hides.
    public struct Capabilities: Sendable, Equatable {
        public var priorGuidance: Bool
        /// The bundle has an audio encoder: takes are scored, variations ranked, search works.
        public var audioEncoder: Bool
        public init(priorGuidance: Bool, audioEncoder: Bool = false) {
            self.priorGuidance = priorGuidance; self.audioEncoder = audioEncoder
        }
    }

    case engineReady(Capabilities)
    case engineFailed(String)
    case jobStarted(jobID: Int)
    case stage(jobID: Int, GenerationStage, ConditioningMode)
    case step(jobID: Int, index: Int, of: Int, mode: ConditioningMode, preview: SpectrogramImage?)
    /// A warning that does not stop the job (the prompt was cut to CLIP's context).
    case notice(jobID: Int, String)
    /// Part of a long take still being made (`GenerationEvent.audio`): playable at once.
    case audio(jobID: Int, mode: ConditioningMode, start: Int, samples: [Float], sampleRate: Int)
    case takeSaved(jobID: Int, SavedTake)
    case takeNotSaved(jobID: Int, mode: ConditioningMode, message: String)
    case jobEnded(jobID: Int, Outcome)
    /// A search's takes, best first; it ends with `jobEnded` like any job.
    case searchFinished(jobID: Int, text: String, SoundSearch<Take.ID>)
}
