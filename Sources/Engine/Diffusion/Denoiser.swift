import Models

/// The network a sampler drives: the mel U-Net, or a stand-in in tests.
public protocol Denoiser {
    /// The raw network output (ε, v or x₀ per the schedule's prediction type).
    /// x: [N, C, H, W]; timeSteps: [N] (training timesteps as floats); embedding: [N, D] -> [N, C, H, W].
    /// Implementations should treat the batch as independent samples, so that the conditional and
    /// unconditional halves of a guided step can share one call.
    func predict(_ x: Tensor, timeSteps: Tensor, embedding: Tensor) -> Tensor
}
