import Models

/// DDIM sampling (Song et al. 2021) with stochasticity `eta` (0: deterministic, 1: DDPM-like).
///
/// This implementation matches diffusers `DDIMScheduler.step` with `set_alpha_to_one=True`,
/// `use_clipped_model_output=False`, no thresholding. One difference: the next time step is the
/// next entry of `timeSteps` (diffusers uses t - T/n), which is the same for leading spacing, the
/// default, and correct for the others. With eta > 0, noise of the sample's shape is drawn from
/// `random` at every step, the last included, as diffusers does.
public final class DDIMScheduler: Scheduler {
    public let configuration: SchedulerConfiguration
    public let noiseSchedule: NoiseSchedule
    public let timeSteps: [Int]
    public let eta: Double
    private var random: any RandomSource

    public init(configuration: SchedulerConfiguration, stepCount: Int, eta: Double = 0,
                random: any RandomSource) {
        self.configuration = configuration
        noiseSchedule = configuration.noiseSchedule
        timeSteps = (configuration.timestepSpacing ?? .leading)
            .timeSteps(count: stepCount, trainSteps: configuration.trainSteps)
        self.eta = eta
        self.random = random
    }

    public func step(output: Tensor, timeStep t: Int, sample: Tensor) -> Tensor {
        guard let i = timeSteps.firstIndex(of: t) else {
            preconditionFailure("time step \(t) is not in this schedule \(timeSteps)")
        }
        let prev = i + 1 < timeSteps.count ? timeSteps[i + 1] : -1
        let aT = noiseSchedule.alphaBar(t), aPrev = noiseSchedule.alphaBar(prev)
        let alpha = aT.squareRoot(), sigma = (1 - aT).squareRoot()

        var x0 = DiffusionMath.predictedOriginal(prediction: configuration.prediction, output: output,
                                                 sample: sample, alpha: alpha, sigma: sigma)
        let eps = DiffusionMath.predictedNoise(prediction: configuration.prediction, output: output,
                                               sample: sample, alpha: alpha, sigma: sigma)
        if let clip = configuration.clipSample { x0 = DiffusionMath.clamped(x0, clip) }

        // σ_t of Song et al. eq. 16, scaled by eta.
        let variance = (1 - aPrev) / (1 - aT) * (1 - aT / aPrev)
        let std = eta * variance.squareRoot()
        let direction = Swift.max(1 - aPrev - std * std, 0).squareRoot()
        var terms: [(Double, Tensor)] = [(aPrev.squareRoot(), x0), (direction, eps)]
        if eta > 0 { terms.append((std, random.normalTensor(shape: sample.shape))) }
        return DiffusionMath.combine(terms)
    }
}
