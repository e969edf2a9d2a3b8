import Models

/// Classifier-free guidance (Ho & Salimans 2022): out = u + scale·(c - u), where c is the network
/// output for the condition and u for `unconditional` (the model's learned null embedding, or a
/// negative prompt's embedding).
public struct ClassifierFreeGuidance: Sendable {
    public var scale: Float
    /// [N, D] or [1, D] (broadcast over the batch): the embedding of the unconditional branch.
    public var unconditional: Tensor

    public init(scale: Float, unconditional: Tensor) {
        self.scale = scale
        self.unconditional = unconditional
    }

    /// With scale 1 the result is the conditional output alone, so the unconditional pass is skipped.
    public var needsUnconditionalPass: Bool { scale != 1 }

    /// u + scale·(c - u), element-wise; cond and uncond: [N, ...] of one shape.
    public func combine(conditional c: Tensor, unconditional u: Tensor) -> Tensor {
        DiffusionMath.combine([(1 - Double(scale), u), (Double(scale), c)])
    }

    /// The unconditional embeddings for a batch of `count`: [count, D].
    func unconditionalBatch(count: Int) -> Tensor {
        if unconditional.rank == 1 { return DiffusionMath.repeatRows(unconditional.reshaped([1, -1]), count) }
        if unconditional.dim(0) == count { return unconditional }
        precondition(unconditional.dim(0) == 1,
                     "unconditional embedding \(unconditional.shape) fits neither 1 nor \(count) samples")
        return DiffusionMath.repeatRows(unconditional, count)
    }
}
