import Foundation

/// Plays mono Float32 buffers on an ALSA device from a background thread.
///
/// Every method may be called from any thread and returns at once; the worker applies the
/// change within one write (about 20 ms), dropping audio already queued in the device.
/// `position` and `status` can be read at any time, e.g. on every redraw of the studio.
///
/// ```swift
/// let player = try Player(options: PlayerOptions(device: "default"))
/// player.play(take)                      // load and start
/// player.switchTo(otherTake)             // A/B: same position, other take
/// player.seek(to: 1.5); player.isLooping = true
/// ```
/// Without a sound card `init` throws `PlaybackError.noDevice`; the caller goes on silently.
public final class Player: Sendable {
    private let core: PlayerCore
    /// The ALSA PCM name this player writes to.
    public let deviceName: String

    /// Opens the device and checks it can play at 48 kHz; the worker starts idle.
    public init(options: PlayerOptions = PlayerOptions()) throws(PlaybackError) {
        let device = try PCMDevice.open(name: options.device)
        do {
            try device.configure(sampleRate: 48_000, format: options.sampleFormat, latency: options.latency)
        } catch {
            let reason: String
            if case .unsupportedConfiguration(_, _, let detail) = error { reason = detail } else { reason = "\(error)" }
            throw .noDevice(name: options.device, reason: "it opens but cannot be set up (\(reason))")
        }
        core = PlayerCore(device: device, options: options)
        deviceName = options.device
        core.start()
    }

    public convenience init(device: String) throws(PlaybackError) {
        try self.init(options: PlayerOptions(device: device))
    }

    deinit { core.shutDown() }

    /// Replaces the buffer and rests at its start, stopped.
    public func load(_ buffer: AudioBuffer) { core.load(buffer) }

    /// Loads `buffer` and starts playing it from the start.
    public func play(_ buffer: AudioBuffer) {
        core.load(buffer)
        core.play()
    }

    /// Starts playing the beginning of a sound still being made: `append` adds the rest as it
    /// comes, and at the end of what it has the player waits for more (the device may run dry)
    /// instead of finishing. `switchTo` the finished sound, or `append` with `last`, ends that.
    public func playGrowing(_ buffer: AudioBuffer) {
        core.load(buffer, growing: true)
        core.play()
    }

    /// More of the sound started with `playGrowing`; ignored once another buffer is loaded.
    public func append(_ samples: [Float], sampleRate: Int, last: Bool = false) {
        core.append(samples, sampleRate: sampleRate, last: last)
    }

    /// Nothing more will be appended to the growing sound (its making stopped): it plays to the
    /// end of what it has.
    public func finishGrowing() {
        core.finishGrowing()
    }

    /// Replaces the buffer without stopping: for A/B comparison the new one continues at the
    /// same time in seconds (clamped to its length) when `keepPosition` is true.
    public func switchTo(_ buffer: AudioBuffer, keepPosition: Bool = true) {
        core.switchTo(buffer, keepPosition: keepPosition)
    }

    /// Plays from the current position; from the start when at the end. Clears `lastError`.
    public func play() { core.play() }
    public func pause() { core.pause() }
    public func resume() { core.resume() }
    /// Pauses when playing, otherwise plays: the space bar.
    public func togglePause() { core.togglePause() }
    /// Stops and returns to the start.
    public func stop() { core.stop() }
    /// Moves to `seconds`, clamped to the buffer; keeps playing if it was.
    public func seek(to seconds: TimeInterval) { core.seek(to: seconds) }

    /// When on, playback wraps from the end to the start without a gap.
    public var isLooping: Bool {
        get { core.status().isLooping }
        set { core.setLooping(newValue) }
    }

    /// Seconds into the buffer that the listener hears now.
    public var position: TimeInterval { core.status().position }
    public var duration: TimeInterval { core.status().duration }
    public var state: PlayerState { core.status().state }
    /// Everything at once, consistent with itself.
    public var status: PlayerStatus { core.status() }

    /// Blocks until playback ends or stops (not while looping); false if `timeout` passed first.
    @discardableResult
    public func waitUntilDone(timeout: TimeInterval) -> Bool { core.waitUntilIdle(timeout: timeout) }

    /// Stops the worker and closes the device (file plugins finish their file here). Further
    /// commands are ignored. Also done on deinit.
    public func close() { core.shutDown() }
}
