import Models

/// The one denoising loop: runs a denoiser under a scheduler from pure noise to a clean sample.
///
/// Guided steps send the conditional and unconditional inputs through the network as one batch
/// of 2N (one pass over the weights instead of two); with scale 1 only the conditional half runs.
public enum DenoisingLoop {
    /// - Parameters:
    ///   - initialNoise: x_T, [N, C, H, W] (all three samplers start at σ = 1 scale: no rescaling).
    ///   - embedding: the condition, [N, D].
    ///   - guidance: nil runs the conditional branch alone.
    ///   - startIndex: the first of the scheduler's steps to run; a variation (SDEdit) starts
    ///     part-way, from its source noised to that step's level.
    ///   - constrain: applied to the sample after every step, with the time step it is now at
    ///     (-1 once clean): continuation holds the frames it already has to their noised values.
    ///   - progress: called after every step; returning false stops with `.cancelled`.
    /// - Returns: the final sample x₀, [N, C, H, W].
    public static func run(denoiser: some Denoiser, scheduler: any Scheduler, initialNoise: Tensor,
                           embedding: Tensor, guidance: ClassifierFreeGuidance? = nil, startIndex: Int = 0,
                           constrain: StepConstraint? = nil,
                           progress: (DenoisingStep) -> Bool = { _ in true }) throws(DenoisingError) -> Tensor {
        let n = initialNoise.dim(0)
        precondition(embedding.rank == 2 && embedding.dim(0) == n,
                     "embedding \(embedding.shape) must be [\(n), D] for samples \(initialNoise.shape)")
        // Guidance in effect only when it changes the result; nil otherwise.
        let activeGuidance = guidance.flatMap { $0.needsUnconditionalPass ? $0 : nil }
        // Fixed for the whole trajectory: [cond; uncond] embeddings for the doubled batch.
        let batchEmbedding = activeGuidance.map {
            DiffusionMath.concatRows([embedding, $0.unconditionalBatch(count: n)])
        } ?? embedding
        var x = initialNoise
        let steps = scheduler.timeSteps
        if startIndex > 0 { scheduler.begin(at: startIndex) }
        for (i, t) in steps.enumerated() where i >= startIndex {
            let output: Tensor
            if let guidance = activeGuidance {
                let both = denoiser.predict(DiffusionMath.concatRows([x, x]),
                                            timeSteps: Tensor(shape: [2 * n], repeating: Float(t)),
                                            embedding: batchEmbedding)
                output = guidance.combine(conditional: both.rows(0..<n), unconditional: both.rows(n..<(2 * n)))
            } else {
                output = denoiser.predict(x, timeSteps: Tensor(shape: [n], repeating: Float(t)), embedding: batchEmbedding)
            }
            let x0 = scheduler.predictedOriginal(output: output, timeStep: t, sample: x)
            x = scheduler.step(output: output, timeStep: t, sample: x)
            if let constrain { x = constrain.apply(x, i + 1 < steps.count ? steps[i + 1] : -1) }
            let report = DenoisingStep(index: i, count: steps.count, timeStep: t, predictedOriginal: x0, sample: x)
            if !progress(report) { throw .cancelled(afterStep: i) }
        }
        return x
    }
}

/// What a caller imposes on the sample after every step: given the sample and the time step it
/// is now at (-1 once clean), the sample to go on with.
public struct StepConstraint {
    public let apply: (Tensor, Int) -> Tensor
    public init(_ apply: @escaping (Tensor, Int) -> Tensor) { self.apply = apply }
}
