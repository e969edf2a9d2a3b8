/// The denoising sampler; raw values are the shared spelling (CLI, JSON, tags, logs).
public enum SamplerKind: String, Codable, Sendable, CaseIterable {
    case ddpm
    case ddim
    case dpmSolverPP = "dpm++2m"
}
