/// Why sound cannot be played. The caller decides what to do without sound (the studio keeps
/// working silently; `clipsonic generate` still saves the file).
public enum PlaybackError: Error, Equatable, Sendable {
    /// The ALSA device cannot be opened or set up at all (no sound card: "default" gives ENOENT
    /// on a machine without one; a misspelt name).
    case noDevice(name: String, reason: String)
    /// The device opened but accepts no format, channel count or rate the player can feed it.
    case unsupportedConfiguration(device: String, sampleRate: Int, reason: String)
    /// Writing to the device failed and could not be recovered (device unplugged, server gone).
    case deviceFailed(name: String, reason: String)
}

extension PlaybackError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .noDevice(name, reason):
            return "no audio output on ALSA device \"\(name)\": \(reason). Choose another device with --device "
                + "(for example --device null to play silently, or one listed by `aplay -L`), "
                + "or save the take to a file instead"
        case let .unsupportedConfiguration(device, sampleRate, reason):
            return "ALSA device \"\(device)\" cannot play mono \(sampleRate) Hz audio: \(reason). "
                + "Choose a converting device such as \"default\" or \"plughw:0\" with --device"
        case let .deviceFailed(name, reason):
            return "playback on ALSA device \"\(name)\" stopped: \(reason). Check the device and press play again, "
                + "or choose another with --device"
        }
    }
}
