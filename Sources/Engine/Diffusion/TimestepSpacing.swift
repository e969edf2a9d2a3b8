/// Which of the training timesteps a shorter sampling schedule visits (the three rules of
/// Lin et al. 2023, Table 2, as diffusers names them).
public enum TimestepSpacing: String, Codable, Sendable, CaseIterable {
    /// Multiples of ⌊T/n⌋ from 0 up (diffusers DDPM/DDIM default).
    case leading
    /// t = round(T - i·T/n) - 1: starts at T-1.
    case trailing
    /// Evenly spaced over [0, T-1], rounded (diffusers DPM-Solver default).
    case linspace

    /// The descending timesteps of a `count`-step ancestral schedule (DDPM, DDIM), ending at 0
    /// for leading and linspace. Matches diffusers DDPM/DDIM `set_timesteps`, `steps_offset = 0`.
    public func timeSteps(count: Int, trainSteps: Int) -> [Int] {
        precondition(count >= 1 && count <= trainSteps, "step count \(count) must be in 1...\(trainSteps)")
        switch self {
        case .leading:
            let ratio = trainSteps / count
            return (0..<count).reversed().map { $0 * ratio }
        case .trailing:
            let ratio = Double(trainSteps) / Double(count)
            // np.arange(T, 0, -ratio).round() - 1; round half to even like NumPy.
            return (0..<count).map { i in Int((Double(trainSteps) - Double(i) * ratio).rounded(.toNearestOrEven)) - 1 }
        case .linspace:
            return Self.linspacePoints(count: count, last: trainSteps - 1).reversed()
        }
    }

    /// The descending timesteps of a `count`-step ODE solver schedule (DPM-Solver++), which never
    /// visits t = 0 because its last update goes to σ = 0 on its own: leading and linspace lay out
    /// `count + 1` points and drop the 0. Matches diffusers `DPMSolverMultistepScheduler.set_timesteps`.
    public func solverTimeSteps(count: Int, trainSteps: Int) -> [Int] {
        precondition(count >= 1 && count < trainSteps, "step count \(count) must be in 1..<\(trainSteps)")
        switch self {
        case .leading:
            let ratio = trainSteps / (count + 1)
            return (1...count).reversed().map { $0 * ratio }
        case .trailing:
            return timeSteps(count: count, trainSteps: trainSteps)
        case .linspace:
            return Array(Self.linspacePoints(count: count + 1, last: trainSteps - 1).reversed().prefix(count))
        }
    }

    /// round(np.linspace(0, last, count)), rounding half to even like NumPy.
    private static func linspacePoints(count: Int, last: Int) -> [Int] {
        guard count > 1 else { return [0] }
        let step = Double(last) / Double(count - 1)
        return (0..<count).map { i in
            i == count - 1 ? last : Int((Double(i) * step).rounded(.toNearestOrEven))
        }
    }
}
