import Foundation

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
