import Models

/// What a running generation reports, in order: stage changes, one `.step` per denoising step,
/// then one `.finished` per take (two for an A/B request), or `.failed`/`.cancelled`.
public enum GenerationEvent: Sendable {
    case stage(GenerationStage, mode: ConditioningMode)
    /// `preview` is the current estimate of the clean mel, downsampled for display: [rows, cols].
    case step(index: Int, of: Int, mode: ConditioningMode, preview: Tensor)
    /// Samples [start, start + samples.count) of a long take still being made, reported after
    /// each window but the last when `GenerationEngine.streamsAudio` is on: listening can start
    /// before the take exists. The waveform in `.finished` is made of these samples, at the
    /// gain its peak limiter sets over the whole take (theirs can only follow the take so far).
    case audio(samples: [Float], start: Int, sampleRate: Int, mode: ConditioningMode)
    case finished(GeneratedTake)
    /// Something the user should know that does not stop the take (a prompt cut to CLIP's context).
    case notice(String)
    case failed(String)
    case cancelled
}
