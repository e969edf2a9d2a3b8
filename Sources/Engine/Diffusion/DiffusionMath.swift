import Models

/// The element-wise algebra every sampler shares, on Float32 tensors of one shape.
enum DiffusionMath {
    /// Σ cᵢ·xᵢ over tensors of one shape, in one pass.
    static func combine(_ terms: [(Double, Tensor)]) -> Tensor {
        precondition(!terms.isEmpty, "empty combination")
        let shape = terms[0].1.shape
        let n = terms[0].1.count
        for (_, t) in terms { precondition(t.shape == shape, "shape \(t.shape) != \(shape)") }
        let out = Tensor(zeros: shape)
        let dst = out.pointer
        let (c0, x0) = terms[0]
        let s0 = x0.pointer, f0 = Float(c0)
        for i in 0..<n { dst[i] = f0 * s0[i] }
        for (c, t) in terms.dropFirst() {
            let src = t.pointer, f = Float(c)
            for i in 0..<n { dst[i] += f * src[i] }
        }
        return out
    }

    /// `x` clamped to [-limit, limit].
    static func clamped(_ x: Tensor, _ limit: Float) -> Tensor {
        let out = Tensor(zeros: x.shape)
        let src = x.pointer, dst = out.pointer
        for i in 0..<x.count { dst[i] = Swift.min(Swift.max(src[i], -limit), limit) }
        return out
    }

    /// x₀ from a network output, for x_t = alpha·x₀ + sigma·ε.
    static func predictedOriginal(prediction: PredictionType, output: Tensor, sample: Tensor,
                                  alpha: Double, sigma: Double) -> Tensor {
        switch prediction {
        case .eps: return combine([(1 / alpha, sample), (-sigma / alpha, output)])
        case .v: return combine([(alpha, sample), (-sigma, output)])
        case .x0: return output
        }
    }

    /// ε from a network output, for x_t = alpha·x₀ + sigma·ε.
    static func predictedNoise(prediction: PredictionType, output: Tensor, sample: Tensor,
                               alpha: Double, sigma: Double) -> Tensor {
        switch prediction {
        case .eps: return output
        case .v: return combine([(alpha, output), (sigma, sample)])
        case .x0: return combine([(1 / sigma, sample), (-alpha / sigma, output)])
        }
    }
}

extension DiffusionMath {
    /// Tensors of equal trailing shape stacked along axis 0: [Σ Nᵢ, ...].
    static func concatRows(_ parts: [Tensor]) -> Tensor {
        let inner = Array(parts[0].shape.dropFirst())
        for p in parts { precondition(Array(p.shape.dropFirst()) == inner, "cannot stack \(p.shape) on \(parts[0].shape)") }
        let out = Tensor(zeros: [parts.reduce(0) { $0 + $1.dim(0) }] + inner)
        var offset = 0
        for p in parts {
            (out.pointer + offset).update(from: p.pointer, count: p.count)
            offset += p.count
        }
        return out
    }

    /// `x` ([1, ...]) repeated `count` times along axis 0.
    static func repeatRows(_ x: Tensor, _ count: Int) -> Tensor {
        concatRows([Tensor](repeating: x, count: count))
    }
}
