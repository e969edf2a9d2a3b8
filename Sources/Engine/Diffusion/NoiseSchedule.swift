import Foundation

/// The forward-process noise levels over the training timesteps 0..<trainSteps.
///
/// Matches the `betas` / `alphas_cumprod` of diffusers' schedulers: β is stored in Float32 and
/// ᾱ_t = Π(1 - β) is accumulated in Float32 in order, as `torch.cumprod` does on the CPU, so that
/// the coefficients the samplers derive agree with diffusers' to a few ulps.
public struct NoiseSchedule: Sendable {
    public let trainSteps: Int
    /// β_t, t in 0..<trainSteps.
    public let betas: [Float]
    /// ᾱ_t = Π_{s<=t} (1 - β_s).
    public let alphasCumprod: [Float]

    public init(kind: BetaSchedule, trainSteps: Int = 1000, betaStart: Double = 0.0001, betaEnd: Double = 0.02) {
        precondition(trainSteps >= 2, "a noise schedule needs at least 2 training steps")
        self.trainSteps = trainSteps
        switch kind {
        case .linear:
            betas = Self.linspaceFloat32(from: Float(betaStart), to: Float(betaEnd), count: trainSteps)
        case .cosine:
            // diffusers betas_for_alpha_bar(alpha_transform_type="cosine", max_beta=0.999), in Double.
            func alphaBar(_ t: Double) -> Double {
                let c = Foundation.cos((t + 0.008) / 1.008 * Double.pi / 2)
                return c * c
            }
            let n = Double(trainSteps)
            betas = (0..<trainSteps).map { i in
                Float(Swift.min(1 - alphaBar(Double(i + 1) / n) / alphaBar(Double(i) / n), 0.999))
            }
        }
        var acc: Float = 1
        alphasCumprod = betas.map { beta in
            acc *= (1 - beta)
            return acc
        }
    }

    /// ᾱ at `timeStep`; a negative step means "before the first step", where ᾱ = 1 (diffusers'
    /// `set_alpha_to_one` / `self.one`).
    public func alphaBar(_ timeStep: Int) -> Double {
        timeStep < 0 ? 1 : Double(alphasCumprod[timeStep])
    }

    /// `torch.linspace(start, end, count, dtype=float32)`: the first half steps up from `start`,
    /// the second half steps down from `end`, with the step computed in Float32.
    static func linspaceFloat32(from start: Float, to end: Float, count: Int) -> [Float] {
        let step = (end - start) / Float(count - 1)
        let half = count / 2
        return (0..<count).map { i in
            i < half ? start + step * Float(i) : end - step * Float(count - i - 1)
        }
    }
}
