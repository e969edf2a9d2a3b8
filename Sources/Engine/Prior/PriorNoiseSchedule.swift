import Foundation
import Models

/// The noise schedule of dalle2-pytorch 1.1.0's `NoiseScheduler`, as far as prior sampling
/// uses it: betas computed in float64, then every buffer rounded to float32 (as its
/// `register_buffer` does), and the DDIM timestep grid.
public struct PriorNoiseSchedule: Sendable {
    public let timesteps: Int
    /// ᾱ_t. [T]
    public let alphasCumprod: [Float]
    /// ᾱ_{t-1}, with ᾱ_{-1} = 1; DDIM in 1.1.0 reads its α from this one. [T]
    public let alphasCumprodPrev: [Float]
    /// sqrt(1 / ᾱ_t). [T]
    public let sqrtRecipAlphasCumprod: [Float]
    /// sqrt(1 / ᾱ_t - 1). [T]
    public let sqrtRecipm1AlphasCumprod: [Float]

    public init(schedule: PriorBetaSchedule, timesteps t: Int) {
        timesteps = t
        let betas = Self.betas(schedule, timesteps: t)
        var cumprod = [Double](repeating: 0, count: t)
        var acc = 1.0
        for i in 0..<t { acc *= 1 - betas[i]; cumprod[i] = acc }
        alphasCumprod = cumprod.map { Float($0) }
        alphasCumprodPrev = [1] + cumprod.dropLast().map { Float($0) }
        sqrtRecipAlphasCumprod = cumprod.map { Float((1 / $0).squareRoot()) }
        sqrtRecipm1AlphasCumprod = cumprod.map { Float((1 / $0 - 1).squareRoot()) }
    }

    /// β_t in float64 (`cosine_beta_schedule`, `linear_beta_schedule`, ...).
    static func betas(_ schedule: PriorBetaSchedule, timesteps t: Int) -> [Double] {
        let scale = 1000 / Double(t), b0 = scale * 0.0001, b1 = scale * 0.02
        switch schedule {
        case .cosine:
            let s = 0.008
            let x = linspace64(0, Double(t), count: t + 1)
            let f = x.map { v -> Double in let c = cos(((v / Double(t)) + s) / (1 + s) * Double.pi * 0.5); return c * c }
            return (0..<t).map { i in Swift.min(Swift.max(1 - (f[i + 1] / f[0]) / (f[i] / f[0]), 0), 0.999) }
        case .linear:
            return linspace64(b0, b1, count: t)
        case .quadratic:
            return linspace64(b0.squareRoot(), b1.squareRoot(), count: t).map { $0 * $0 }
        case .sigmoid:
            return linspace64(-6, 6, count: t).map { 1 / (1 + exp(-$0)) * (b1 - b0) + b0 }
        }
    }

    /// `torch.linspace(start, end, count, dtype=float64)` on the CPU: the first half counts up
    /// from start, the second half down from end.
    static func linspace64(_ start: Double, _ end: Double, count n: Int) -> [Double] {
        if n == 1 { return [start] }
        let step = (end - start) / Double(n - 1), half = n / 2
        return (0..<n).map { i in i < half ? start + step * Double(i) : end - step * Double(n - i - 1) }
    }

    /// The DDIM times of `p_sample_loop_ddim`: `torch.linspace(0., T, steps + 2)[:-1]` in
    /// float32, truncated to integers, from last to first. steps + 1 times, ending at 0.
    /// (float32 matters: for 25 steps of 1000 it gives 38 where exact arithmetic gives 39.)
    public func ddimTimes(steps: Int) -> [Int] {
        let n = steps + 2
        let step = Float(timesteps) / Float(n - 1), half = n / 2, end = Float(timesteps)
        let grid = (0..<(n - 1)).map { i -> Int in
            let v = i < half ? 0 + step * Float(i) : end - step * Float(n - i - 1)
            return Int(v)
        }
        return grid.reversed()
    }
}
