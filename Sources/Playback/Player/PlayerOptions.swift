import Foundation

/// Sample encodings the player can send to ALSA.
public enum PCMSampleFormat: String, Sendable, CaseIterable {
    /// FLOAT_LE if the device takes it, otherwise S16_LE.
    case automatic
    case float32
    case int16
}

/// What keeps playback at the speed of sound rather than the speed of the CPU.
public enum PlaybackPacing: String, Sendable, CaseIterable {
    /// The device's clock, except for devices without one ("null", file plugins), which would
    /// otherwise swallow a take in microseconds: those follow the wall clock.
    case automatic
    /// Blocking writes alone; an unpaced device plays as fast as it accepts data.
    case device
    /// The player sleeps so that data goes out in real time, whatever the device does.
    case wallClock
}

/// How the player opens and feeds its device.
public struct PlayerOptions: Sendable, Equatable {
    /// An ALSA PCM name: "default", "null", "hw:0", "plughw:1,0", "file:FILE=/tmp/x.raw,FORMAT=raw".
    public var device: String
    public var sampleFormat: PCMSampleFormat
    public var pacing: PlaybackPacing
    /// Audio queued in the device, seconds: longer survives a busy CPU, shorter reacts faster.
    public var latency: TimeInterval
    /// Audio handed over per write, seconds; stop, pause and seek take effect within about
    /// this long (plus `latency` until the device's queue is dropped on real hardware).
    public var writeDuration: TimeInterval

    public init(device: String = "default", sampleFormat: PCMSampleFormat = .automatic,
                pacing: PlaybackPacing = .automatic, latency: TimeInterval = 0.08,
                writeDuration: TimeInterval = 0.02) {
        self.device = device
        self.sampleFormat = sampleFormat
        self.pacing = pacing
        self.latency = latency
        self.writeDuration = writeDuration
    }
}
