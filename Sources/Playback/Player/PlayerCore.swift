import Foundation

/// The player's shared state and its worker thread. Commands from any thread change the state
/// under `condition`; the worker alone talks to the device, holding the lock only between
/// device calls that do not block, so a command waits at most for one short bookkeeping step.
///
/// `@unchecked Sendable`: every stored `var` is read and written only with `condition` locked,
/// except `device`, `pacer` and `chunk`, which only the worker thread touches after `start`.
final class PlayerCore: @unchecked Sendable {
    let options: PlayerOptions
    let deviceName: String
    private let condition = NSCondition()

    // Guarded by `condition`.
    private var buffer: AudioBuffer?
    private var state = PlayerState.stopped
    /// Next frame to hand to the device.
    private var cursor = 0
    /// Frame the listener hears now: `cursor` less what the device still holds.
    private var heard = 0
    private var looping = false
    /// More samples are coming (`append`): at the end, wait for them instead of finishing.
    private var growing = false
    /// The device ran dry while waiting for more: the pacer's clock starts again with them.
    private var starved = false
    private var loopCount = 0
    /// Audio queued in the device is stale (seek, stop, pause, switch) and must be dropped.
    private var flushPending = false
    /// Bumped by every command that moves `cursor`, so a write that raced it is disregarded.
    private var epoch = 0
    private var shuttingDown = false
    private var workerDone = false
    private var lastError: PlaybackError?
    private var deviceFormat: String?

    // Worker thread only.
    private let device: PCMDevice
    private var pacer: WallClockPacer
    private var chunk: [Float] = []

    init(device: PCMDevice, options: PlayerOptions) {
        self.device = device
        self.options = options
        self.deviceName = device.name
        let paced: Bool
        switch options.pacing {
        case .automatic: paced = device.isUnpaced
        case .device: paced = false
        case .wallClock: paced = true
        }
        pacer = WallClockPacer(isEnabled: paced)
        deviceFormat = device.configuration?.summary
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "clipsonic-playback"
        thread.qualityOfService = .userInteractive
        thread.start()
    }

    // MARK: - Commands (any thread)

    func load(_ newBuffer: AudioBuffer, growing willGrow: Bool = false) {
        command {
            buffer = newBuffer
            growing = willGrow
            state = .stopped
            loopCount = 0
            lastError = nil
            move(to: 0)
        }
    }

    func switchTo(_ newBuffer: AudioBuffer, keepPosition: Bool) {
        command {
            let seconds = keepPosition ? seconds(of: heard) : 0
            buffer = newBuffer
            growing = false
            loopCount = 0
            let frame = min(Int((seconds * Double(newBuffer.sampleRate)).rounded()), newBuffer.samples.count)
            move(to: max(frame, 0))
            if state == .finished, frame < newBuffer.samples.count { state = .paused }
        }
    }

    func play() {
        command {
            guard let buffer else { return }
            if state == .playing { return }
            if cursor >= buffer.samples.count { move(to: 0) }
            state = .playing
            lastError = nil
        }
    }

    func pause() {
        command {
            guard state == .playing else { return }
            state = .paused
            move(to: heard)
        }
    }

    func resume() {
        command {
            guard state == .paused, buffer != nil else { return }
            state = .playing
        }
    }

    func togglePause() {
        let current = status().state
        if current == .playing { pause() } else if current == .paused { resume() } else { play() }
    }

    func stop() {
        command {
            move(to: 0)
            state = .stopped
        }
    }

    func seek(to seconds: TimeInterval) {
        command {
            guard let buffer else { return }
            let target = seconds.isFinite ? seconds * Double(buffer.sampleRate) : 0
            let frame = Int(min(max(target.rounded(), 0), Double(buffer.samples.count)))
            move(to: frame)
            if state == .finished, frame < buffer.samples.count { state = .paused }
        }
    }

    /// Adds samples to the end of a buffer loaded as growing; `last` says no more will come.
    /// Ignored for any other buffer (the listener moved on) or another sample rate.
    func append(_ samples: [Float], sampleRate: Int, last: Bool) {
        command {
            guard growing, buffer?.sampleRate == sampleRate else { return }
            buffer?.samples.append(contentsOf: samples)
            if last { growing = false }
        }
    }

    /// No more samples will come: the player plays what it has and stops at its end.
    func finishGrowing() {
        command { growing = false }
    }

    func setLooping(_ on: Bool) {
        command { looping = on }
    }

    func status() -> PlayerStatus {
        condition.lock()
        defer { condition.unlock() }
        return PlayerStatus(state: state, position: seconds(of: heard), duration: buffer?.duration ?? 0,
                            isLooping: looping, loopCount: loopCount, deviceFormat: deviceFormat,
                            lastError: lastError)
    }

    /// Waits until the player is neither playing nor about to; false on timeout.
    func waitUntilIdle(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while state == .playing {
            if Date() >= deadline { return false }
            _ = condition.wait(until: min(deadline, Date().addingTimeInterval(0.01)))
        }
        return true
    }

    /// Stops the worker and closes the device; returns once both are done. Idempotent.
    func shutDown() {
        condition.lock()
        shuttingDown = true
        condition.broadcast()
        while !workerDone { condition.wait() }
        condition.unlock()
    }

    // MARK: - Worker

    private func run() {
        condition.lock()
        while !shuttingDown {
            if flushPending {
                flushPending = false
                condition.unlock()
                device.drop()
                pacer.reset()
                condition.lock()
                continue
            }
            guard state == .playing, let buffer else {
                condition.wait()
                continue
            }
            if device.configuration?.sampleRate != buffer.sampleRate {
                reconfigure(for: buffer.sampleRate)
                continue
            }
            let count = buffer.samples.count
            if cursor >= count, growing {
                // Ahead of what has been made: what the device holds is heard out, then the
                // player waits for more (the device runs dry, which ALSA recovers from).
                let queued = pacer.isEnabled ? pacer.aheadFrames(sampleRate: buffer.sampleRate)
                                             : device.queuedFrames(startIfWaiting: true)
                heard = max(count - queued, 0)
                if queued > 0 {
                    _ = condition.wait(until: Date().addingTimeInterval(min(Double(queued) / Double(buffer.sampleRate), 0.01)))
                } else {
                    starved = true
                    condition.wait()
                }
                continue
            }
            if starved {
                starved = false
                pacer.reset()
            }
            if cursor >= count {
                if looping, count > 0 {
                    cursor = 0
                    loopCount += 1
                    continue
                }
                finishPlaying(count: count, sampleRate: buffer.sampleRate)
                continue
            }
            let writeFrames = max(32, Int(Double(buffer.sampleRate) * options.writeDuration))
            let wait = pacer.waitTime(sampleRate: buffer.sampleRate, leadFrames: 2 * writeFrames)
            if wait > 0 {
                // Commands signal the condition, so a paced wait ends early for stop or seek.
                _ = condition.wait(until: Date().addingTimeInterval(wait))
                continue
            }
            let frames = min(writeFrames, count - cursor)
            if chunk.count < frames { chunk = [Float](repeating: 0, count: frames) }
            for index in 0..<frames { chunk[index] = buffer.samples[cursor + index] }
            let issued = epoch
            condition.unlock()
            let failure = chunk.withUnsafeBufferPointer { device.write(UnsafeBufferPointer(rebasing: $0[0..<frames])) }
            condition.lock()
            guard issued == epoch else { continue }   // a command moved the cursor meanwhile
            if let failure {
                state = .stopped
                lastError = .deviceFailed(name: deviceName, reason: failure)
                flushPending = true
                continue
            }
            cursor += frames
            pacer.sent(frames)
            heard = heardFrame(count: count, sampleRate: buffer.sampleRate)
        }
        condition.unlock()
        device.close()
        condition.lock()
        workerDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Sets the device up for a new rate with the lock released (ALSA may take a while).
    private func reconfigure(for sampleRate: Int) {
        condition.unlock()
        let result: Result<PCMDevice.Configuration, PlaybackError>
        do {
            result = .success(try device.configure(sampleRate: sampleRate, format: options.sampleFormat,
                                                   latency: options.latency))
        } catch {
            result = .failure(error)
        }
        pacer.reset()
        condition.lock()
        switch result {
        case .success(let configuration):
            deviceFormat = configuration.summary
        case .failure(let error):
            // Give up only if the buffer still wants this rate; a new buffer gets a new try.
            if buffer?.sampleRate == sampleRate {
                state = .stopped
                lastError = error
            }
        }
    }

    /// At the end without looping: waits, interruptibly, for the queued audio to be heard, then
    /// drains (which also flushes file plugins) and rests at the end.
    private func finishPlaying(count: Int, sampleRate: Int) {
        let queued = pacer.isEnabled ? pacer.aheadFrames(sampleRate: sampleRate)
                                     : device.queuedFrames(startIfWaiting: true)
        if queued > 0 {
            heard = max(count - queued, 0)
            _ = condition.wait(until: Date().addingTimeInterval(min(Double(queued) / Double(sampleRate), 0.01)))
            return
        }
        let issued = epoch
        condition.unlock()
        device.drain()
        pacer.reset()
        condition.lock()
        if issued == epoch {
            state = .finished
            heard = count
        }
    }

    private func heardFrame(count: Int, sampleRate: Int) -> Int {
        let queued = pacer.isEnabled ? pacer.aheadFrames(sampleRate: sampleRate)
                                     : device.queuedFrames(startIfWaiting: false)
        var frame = cursor - queued
        // Just after a wrap the listener still hears the previous lap's tail.
        if frame < 0 { frame = loopCount > 0 ? frame + count : 0 }
        return min(max(frame, 0), count)
    }

    // MARK: - Helpers (lock held)

    private func command(_ body: () -> Void) {
        condition.lock()
        body()
        condition.broadcast()
        condition.unlock()
    }

    private func move(to frame: Int) {
        cursor = frame
        heard = frame
        epoch &+= 1
        flushPending = true
    }

    private func seconds(of frame: Int) -> TimeInterval {
        guard let buffer, buffer.sampleRate > 0 else { return 0 }
        return Double(frame) / Double(buffer.sampleRate)
    }
}
