extension PCMDevice {
    /// What the device was set up with.
    struct Configuration: Equatable {
        var sampleRate: Int
        var format: PCMSampleFormat       // .float32 or .int16, never .automatic
        var channels: Int
        var bufferFrames: Int
        var periodFrames: Int

        var summary: String {
            "\(format == .float32 ? "FLOAT_LE" : "S16_LE") \(channels)ch \(sampleRate) Hz"
        }
    }
}
