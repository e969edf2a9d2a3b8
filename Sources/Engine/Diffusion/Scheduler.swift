import Models

/// One sampling algorithm walking a noisy sample from t = T back to a clean one.
///
/// Shaped like apple/ml-stable-diffusion's `Scheduler`: the caller runs the network at each of
/// `timeSteps` in order and hands its raw output to `step`, which returns the sample for the next
/// time step. A scheduler keeps state between steps (multistep history, noise stream), so one
/// instance serves one trajectory.
public protocol Scheduler: AnyObject {
    /// The configuration the network was trained with.
    var configuration: SchedulerConfiguration { get }
    var noiseSchedule: NoiseSchedule { get }
    /// Descending training timesteps to visit, one network call each.
    var timeSteps: [Int] { get }
    /// x_{t_next} from the network output at `timeStep` for `sample` (x_t); shapes as `sample`.
    func step(output: Tensor, timeStep: Int, sample: Tensor) -> Tensor
    /// Prepares to start at `timeSteps[index]` instead of the first step (a variation starts
    /// part-way); schedulers that count their steps skip ahead.
    func begin(at index: Int)
}

extension Scheduler {
    /// Schedulers that find their place from the time step alone need nothing.
    public func begin(at index: Int) {}

    public var stepCount: Int { timeSteps.count }

    /// The clean-sample estimate x₀ implied by the network output at `timeStep`: what a progress
    /// preview shows. Independent of the sampler; unclamped.
    public func predictedOriginal(output: Tensor, timeStep: Int, sample: Tensor) -> Tensor {
        let a = noiseSchedule.alphaBar(timeStep)
        return DiffusionMath.predictedOriginal(prediction: configuration.prediction, output: output,
                                               sample: sample, alpha: a.squareRoot(), sigma: (1 - a).squareRoot())
    }
}
