import Models

/// The diffusion process a U-Net was trained with, as stored in a bundle's `unet.schedule`.
///
/// JSON keys are snake_case (`train_steps`, `beta_schedule`, ...); every field has a default, the
/// DDPM values (1000 steps, linear β from 1e-4 to 0.02, ε prediction, no clipping).
public struct SchedulerConfiguration: Codable, Sendable, Equatable {
    public var trainSteps: Int = 1000
    public var betaSchedule: BetaSchedule = .linear
    public var betaStart: Double = 0.0001
    public var betaEnd: Double = 0.02
    public var prediction: PredictionType = .eps
    /// Clamp the x₀ estimate to [-clip, clip] in DDPM and DDIM steps (diffusers `clip_sample`,
    /// `clip_sample_range`); nil leaves it unclamped. DPM-Solver++ never clamps.
    public var clipSample: Float? = nil
    /// Overrides each sampler's own default spacing (DDPM, DDIM: leading; DPM-Solver++: linspace).
    public var timestepSpacing: TimestepSpacing? = nil

    public init(trainSteps: Int = 1000, betaSchedule: BetaSchedule = .linear, betaStart: Double = 0.0001,
                betaEnd: Double = 0.02, prediction: PredictionType = .eps, clipSample: Float? = nil,
                timestepSpacing: TimestepSpacing? = nil) {
        self.trainSteps = trainSteps
        self.betaSchedule = betaSchedule
        self.betaStart = betaStart
        self.betaEnd = betaEnd
        self.prediction = prediction
        self.clipSample = clipSample
        self.timestepSpacing = timestepSpacing
    }

    enum CodingKeys: String, CodingKey {
        case trainSteps = "train_steps", betaSchedule = "beta_schedule", betaStart = "beta_start"
        case betaEnd = "beta_end", prediction, clipSample = "clip_sample", timestepSpacing = "timestep_spacing"
    }

    /// A schedule needs two steps at least (`NoiseSchedule` traps on fewer) and a β that
    /// leaves some signal (ᾱ reaching 0 divides by zero in every sampler); the step count is
    /// what sizes the β / ᾱ tables, so it is bounded too.
    public init(from decoder: any Decoder) throws {
        let r = ConfigReader(try decoder.container(keyedBy: CodingKeys.self))
        let d = SchedulerConfiguration()
        trainSteps = try r.int(.trainSteps, default: d.trainSteps, in: 2...100_000)
        betaSchedule = try r.container.decodeIfPresent(BetaSchedule.self, forKey: .betaSchedule) ?? d.betaSchedule
        betaStart = try r.real(.betaStart, default: d.betaStart, in: 1e-9...0.999)
        betaEnd = try r.real(.betaEnd, default: d.betaEnd, in: 1e-9...0.999)
        prediction = try r.container.decodeIfPresent(PredictionType.self, forKey: .prediction) ?? d.prediction
        clipSample = try r.optionalReal(.clipSample, in: 1e-6...1e6).map(Float.init)
        timestepSpacing = try r.container.decodeIfPresent(TimestepSpacing.self, forKey: .timestepSpacing)
    }

    /// The β / ᾱ tables this configuration describes.
    public var noiseSchedule: NoiseSchedule {
        NoiseSchedule(kind: betaSchedule, trainSteps: trainSteps, betaStart: betaStart, betaEnd: betaEnd)
    }
}
