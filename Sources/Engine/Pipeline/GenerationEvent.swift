import Models

/// What a running generation reports, in order: stage changes, one `.step` per denoising step,
/// then one `.finished` per take (two for an A/B request), or `.failed`/`.cancelled`.
public enum GenerationEvent: Sendable {
    case stage(GenerationStage, mode: ConditioningMode)
    /// `preview` is the current estimate of the clean mel, downsampled for display: [rows, cols].
    case step(index: Int, of: Int, mode: ConditioningMode, preview: Tensor)
    case finished(GeneratedTake)
    /// Something the user should know that does not stop the take (a prompt cut to CLIP's context).
    case notice(String)
    case failed(String)
    case cancelled
}
