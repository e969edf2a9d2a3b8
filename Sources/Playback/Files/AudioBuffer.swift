import Foundation

/// Mono Float32 samples at a sample rate: a take's waveform, what audio files hold and what the
/// player plays. Samples are nominally in -1...1; louder values are clipped when stored as PCM.
public struct AudioBuffer: Sendable, Equatable {
    /// One value per frame (mono).
    public var samples: [Float]
    /// Frames per second.
    public var sampleRate: Int

    public init(samples: [Float], sampleRate: Int) {
        self.samples = samples
        self.sampleRate = sampleRate
    }

    public var frameCount: Int { samples.count }

    /// Length in seconds; 0 when the sample rate is not positive.
    public var duration: TimeInterval {
        sampleRate > 0 ? Double(samples.count) / Double(sampleRate) : 0
    }
}
