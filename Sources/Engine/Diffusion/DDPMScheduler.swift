import Models

/// Ancestral DDPM sampling (Ho et al. 2020) over a possibly shortened schedule.
///
/// This implementation matches diffusers `DDPMScheduler.step` with `variance_type="fixed_small"`,
/// no thresholding: the posterior mean of q(x_{t'} | x_t, x₀) between consecutive visited steps
/// t > t', plus √(posterior variance)·z with z from `random` for every step but t = 0. Noise is
/// drawn with the sample's shape, once per step, like diffusers' `randn_tensor(model_output.shape)`.
public final class DDPMScheduler: Scheduler {
    public let configuration: SchedulerConfiguration
    public let noiseSchedule: NoiseSchedule
    public let timeSteps: [Int]
    private var random: any RandomSource

    public init(configuration: SchedulerConfiguration, stepCount: Int, random: any RandomSource) {
        self.configuration = configuration
        noiseSchedule = configuration.noiseSchedule
        timeSteps = (configuration.timestepSpacing ?? .leading)
            .timeSteps(count: stepCount, trainSteps: configuration.trainSteps)
        self.random = random
    }

    public func step(output: Tensor, timeStep t: Int, sample: Tensor) -> Tensor {
        let prev = previousTimeStep(t)
        let aT = noiseSchedule.alphaBar(t), aPrev = noiseSchedule.alphaBar(prev)
        let betaProdT = 1 - aT, betaProdPrev = 1 - aPrev
        let currentAlpha = aT / aPrev
        let currentBeta = 1 - currentAlpha

        var x0 = DiffusionMath.predictedOriginal(prediction: configuration.prediction, output: output,
                                                 sample: sample, alpha: aT.squareRoot(), sigma: betaProdT.squareRoot())
        if let clip = configuration.clipSample { x0 = DiffusionMath.clamped(x0, clip) }

        // Posterior mean coefficients (Ho et al. eq. 7).
        let x0Coeff = aPrev.squareRoot() * currentBeta / betaProdT
        let sampleCoeff = currentAlpha.squareRoot() * betaProdPrev / betaProdT
        guard t > 0 else { return DiffusionMath.combine([(x0Coeff, x0), (sampleCoeff, sample)]) }

        let variance = Swift.max(betaProdPrev / betaProdT * currentBeta, 1e-20)
        let noise = random.normalTensor(shape: sample.shape)
        return DiffusionMath.combine([(x0Coeff, x0), (sampleCoeff, sample), (variance.squareRoot(), noise)])
    }

    /// The visited step after `t`, or -1 after the last (diffusers `previous_timestep`).
    private func previousTimeStep(_ t: Int) -> Int {
        guard let i = timeSteps.firstIndex(of: t) else {
            preconditionFailure("time step \(t) is not in this schedule \(timeSteps)")
        }
        return i + 1 < timeSteps.count ? timeSteps[i + 1] : -1
    }
}
