import Engine
import Foundation

/// The running (or last) generation as the progress bar shows it: which take of the job, which
/// stage, which step, and an ETA from the pace of the steps so far. Pure: times are passed in.
public struct GenerationProgress: Sendable, Equatable {
    public var jobID: Int
    public var modes: [ConditioningMode]
    /// Index into `modes` of the take being made.
    public var takeIndex: Int = 0
    public var stage: GenerationStage?
    public var step: Int = 0
    public var totalSteps: Int
    public var started: Date
    /// When the current take started (its first stage event).
    public var takeStarted: Date
    /// When the first denoising step of the current take was reported, and the latest one.
    public var firstStepAt: Date?
    public var lastStepAt: Date?
    /// Set when the job ends.
    public var ended: Date?
    public var outcome: WorkerEvent.Outcome?

    public init(jobID: Int, modes: [ConditioningMode], totalSteps: Int, started: Date) {
        self.jobID = jobID; self.modes = modes; self.totalSteps = max(totalSteps, 1)
        self.started = started; self.takeStarted = started
    }

    public var currentMode: ConditioningMode? { modes.indices.contains(takeIndex) ? modes[takeIndex] : modes.last }
    public var isRunning: Bool { ended == nil }

    public mutating func record(stage: GenerationStage, mode: ConditioningMode, at time: Date) {
        // Takes come in order, so a new mode is looked for ahead of the current take only (a
        // variations job repeats one mode; `nextTake` moves it on).
        if currentMode != mode, takeIndex < modes.count, let index = modes[takeIndex...].firstIndex(of: mode) {
            startTake(index, at: time)
        }
        self.stage = stage
    }

    /// A take of a variations job is saved: the next one starts.
    public mutating func nextTake(at time: Date) {
        if takeIndex + 1 < modes.count { startTake(takeIndex + 1, at: time) }
    }

    private mutating func startTake(_ index: Int, at time: Date) {
        takeIndex = index
        step = 0
        firstStepAt = nil
        lastStepAt = nil
        takeStarted = time
    }

    /// `index` counts from 0 as the engine reports it; shown as `index + 1` of `total`.
    public mutating func record(step index: Int, of total: Int, mode: ConditioningMode, at time: Date) {
        if currentMode != mode { record(stage: .denoising, mode: mode, at: time) }
        stage = .denoising
        totalSteps = max(total, 1)
        step = min(index + 1, totalSteps)
        if firstStepAt == nil { firstStepAt = time }
        lastStepAt = time
    }

    public mutating func finish(_ outcome: WorkerEvent.Outcome, at time: Date) {
        self.outcome = outcome
        ended = time
    }

    /// Done fraction of the whole job, 0...1.
    public var fraction: Double {
        if outcome == .completed { return 1 }
        let perTake = 1 / Double(max(modes.count, 1))
        let withinTake: Double
        switch stage {
        case nil, .encoding, .prior: withinTake = 0
        case .denoising: withinTake = Double(step) / Double(totalSteps)
        case .vocoding: withinTake = 1
        }
        return min((Double(takeIndex) + withinTake) * perTake, 1)
    }

    /// Seconds left, once two steps give a pace: the current take's remaining steps at the
    /// measured pace, plus each remaining take at the current take's projected length.
    public func secondsLeft(now: Date) -> Double? {
        guard isRunning, let first = firstStepAt, let last = lastStepAt, step >= 2 else { return nil }
        let perStep = last.timeIntervalSince(first) / Double(step - 1)
        let remainingSteps = Double(totalSteps - step)
        let thisTake = max(perStep * remainingSteps - now.timeIntervalSince(last), 0)
        let takeLength = now.timeIntervalSince(takeStarted) + thisTake
        let remainingTakes = Double(max(modes.count - takeIndex - 1, 0))
        return thisTake + remainingTakes * takeLength
    }

    /// Seconds from start to end (or to `now` while running).
    public func elapsed(now: Date) -> Double { (ended ?? now).timeIntervalSince(started) }
}
