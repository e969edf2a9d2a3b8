import Models

/// The mel U-Net as the sampler's network: timesteps as floats, the CLIP (or null, or negative
/// prompt) embedding as the condition.
extension UNet: Denoiser {
    public func predict(_ x: Tensor, timeSteps: Tensor, embedding: Tensor) -> Tensor {
        self(x, timeSteps: timeSteps, clip: embedding)
    }
}
