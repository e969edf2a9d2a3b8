/// What the player is doing.
public enum PlayerState: String, Sendable, Equatable {
    /// Nothing loaded, stopped by the user, or stopped by a device error (see `lastError`).
    case stopped
    case playing
    /// Holding its position; `resume` continues from there.
    case paused
    /// Played to the end with looping off; the position rests at the end.
    case finished
}
