/// The noise schedules of dalle2-pytorch 1.1.0's `NoiseScheduler` that give a usable sampler
/// (`jsd` ends in beta = 1, so its reverse process divides by zero, and is not offered).
public enum PriorBetaSchedule: String, Codable, Sendable, CaseIterable {
    case cosine, linear, quadratic, sigmoid
}
