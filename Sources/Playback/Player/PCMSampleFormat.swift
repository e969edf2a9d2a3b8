/// Sample encodings the player can send to ALSA.
public enum PCMSampleFormat: String, Sendable, CaseIterable {
    /// FLOAT_LE if the device takes it, otherwise S16_LE.
    case automatic
    case float32
    case int16
}
