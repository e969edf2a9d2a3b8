extension SamplerKind {
    /// A fresh scheduler for one trajectory. `eta` is used by DDIM only; `random` supplies the
    /// step noise of DDPM and of DDIM with eta > 0 (pass the source the starting noise came from,
    /// so that one seed drives the whole trajectory, as one torch.Generator does in diffusers).
    public func makeScheduler(configuration: SchedulerConfiguration, stepCount: Int, eta: Double = 0,
                              random: any RandomSource) -> any Scheduler {
        switch self {
        case .ddpm: return DDPMScheduler(configuration: configuration, stepCount: stepCount, random: random)
        case .ddim: return DDIMScheduler(configuration: configuration, stepCount: stepCount, eta: eta, random: random)
        case .dpmSolverPP: return DPMSolverMultistepScheduler(configuration: configuration, stepCount: stepCount)
        }
    }
}
