/// Which of the training timesteps a shorter sampling schedule visits (the three rules of
/// Lin et al. 2023, Table 2, as diffusers names them).
public enum TimestepSpacing: String, Codable, Sendable, CaseIterable {
    /// t = (n-1-i)·⌊T/n⌋: starts below T-1 and ends at 0 (diffusers DDPM/DDIM default).
    case leading
    /// t = round(T - i·T/n) - 1: starts at T-1.
    case trailing
    /// n points of round(linspace(0, T-1, n+1)), the largest n (diffusers DPM-Solver default).
    case linspace

    /// The descending timesteps of an `count`-step schedule over `trainSteps` training steps.
    /// Matches diffusers `set_timesteps` for each spacing with `steps_offset = 0`.
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
            let last = Double(trainSteps - 1)
            let points = (0...count).map { i -> Int in
                Int((last * Double(i) / Double(count)).rounded(.toNearestOrEven))
            }
            return Array(points.reversed().prefix(count))
        }
    }
}
