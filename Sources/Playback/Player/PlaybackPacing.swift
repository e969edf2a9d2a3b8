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
