/// The width a diffusion prior's weight matrices are read at. A prior step multiplies a few
/// rows by every weight, so its time is the time to read them (bench/README.md): float16 reads
/// half the bytes. The float16 prior computes exactly what the float32 one computes on the
/// weights rounded to halves (each within 2^-11 of itself), with float32 activations and sums.
public enum PriorWeightWidth: String, CaseIterable, Sendable {
    case float32
    case float16
}

extension PriorWeights {
    /// These weights with their matrices at `width`; throws when a weight does not fit a half.
    public func at(width: PriorWeightWidth) throws(WeightsError) -> PriorWeights {
        guard width == .float16 else { return self }
        var overflow = false
        let halved = withMatrices { matrix in
            let half = matrix.halved()
            if case .float16(let h) = half, !h.isFinite { overflow = true }
            return half
        }
        if overflow {
            throw .invalidTensorEntry(file: "prior", tensor: "a weight matrix",
                                      detail: "holds values beyond ±65504, which float16 cannot hold: use prior-weights float32")
        }
        return halved
    }
}
