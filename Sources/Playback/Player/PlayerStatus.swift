import Foundation

/// One consistent reading of the player, for a status bar or a progress line.
public struct PlayerStatus: Sendable, Equatable {
    public var state: PlayerState
    /// Seconds into the buffer that the listener hears now.
    public var position: TimeInterval
    /// Length of the loaded buffer in seconds; 0 when none is loaded.
    public var duration: TimeInterval
    public var isLooping: Bool
    /// Times playback wrapped from the end to the start since the buffer was loaded.
    public var loopCount: Int
    /// The format and rate the device was last set up with, e.g. "FLOAT_LE 1ch 16000 Hz".
    public var deviceFormat: String?
    /// Why playback stopped on its own, if it did.
    public var lastError: PlaybackError?
}
