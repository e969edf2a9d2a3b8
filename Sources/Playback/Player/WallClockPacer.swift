import Foundation

/// Keeps a device without a clock of its own (null, file plugins) at real time: it counts the
/// frames sent since the clock started and says how long to wait before sending more.
struct WallClockPacer {
    let isEnabled: Bool
    private var startNanoseconds: UInt64?
    private var framesSent = 0

    init(isEnabled: Bool) {
        self.isEnabled = isEnabled
    }

    /// Forgets the past: after a drop, a seek or a pause the clock restarts at the next send.
    mutating func reset() {
        startNanoseconds = nil
        framesSent = 0
    }

    mutating func sent(_ frames: Int) {
        guard isEnabled else { return }
        if startNanoseconds == nil { startNanoseconds = DispatchTime.now().uptimeNanoseconds }
        framesSent += frames
    }

    /// Frames sent but not yet due by the clock: what a real device would still hold queued.
    func aheadFrames(sampleRate: Int) -> Int {
        guard isEnabled, let startNanoseconds else { return 0 }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - startNanoseconds) / 1e9
        return max(0, framesSent - Int(elapsed * Double(sampleRate)))
    }

    /// Seconds to wait so that no more than `leadFrames` are ahead of the clock.
    func waitTime(sampleRate: Int, leadFrames: Int) -> TimeInterval {
        let excess = aheadFrames(sampleRate: sampleRate) - leadFrames
        return excess > 0 ? Double(excess) / Double(sampleRate) : 0
    }
}
