/// How the per-step noise variances β_t of the forward process grow with t.
public enum BetaSchedule: String, Codable, Sendable, CaseIterable {
    /// β_t evenly spaced from `betaStart` to `betaEnd` (DDPM; diffusers "linear").
    case linear
    /// ᾱ(t) = cos²((t/T + 0.008)/1.008 · π/2), β capped at 0.999 (improved DDPM;
    /// diffusers "squaredcos_cap_v2").
    case cosine
}
