import Engine
import Foundation

/// A finished take whose audio is on disk: what the main loop adds to the session.
public struct SavedTake: Sendable, Equatable {
    /// The request with `mode` set to the mode this take was made in.
    public var request: GenerationRequest
    public var audioFile: URL
    public var duration: Double
    public var timings: StageTimings
    /// The take's score against its query (`GeneratedTake.score`); nil without an audio encoder.
    public var score: Float?

    public init(request: GenerationRequest, audioFile: URL, duration: Double, timings: StageTimings, score: Float? = nil) {
        self.request = request; self.audioFile = audioFile; self.duration = duration; self.timings = timings
        self.score = score
    }
}
