import Foundation
import XCTest
@testable import Engine
@testable import Models

/// Whole trajectories against diffusers' schedulers (training/fixtures/gen_diffusion.py), driven by
/// the same fake network and the same torch.Generator noise stream (seed 100 + case index).
final class SamplerParityTests: XCTestCase {
    enum Kind { case ddpm, ddim(eta: Double), dpm }

    /// Mirrors SAMPLER_CASES in gen_diffusion.py.
    static let cases: [(String, Kind, BetaSchedule, PredictionType, Int, Bool)] = [
        ("ddpm_eps_linear_clip", .ddpm, .linear, .eps, 10, true),
        ("ddpm_v_cosine", .ddpm, .cosine, .v, 8, false),
        ("ddpm_x0_linear", .ddpm, .linear, .x0, 6, false),
        ("ddim_eps_linear", .ddim(eta: 0), .linear, .eps, 10, false),
        ("ddim_x0_cosine_eta05", .ddim(eta: 0.5), .cosine, .x0, 10, false),
        ("ddim_v_linear_eta1_clip", .ddim(eta: 1), .linear, .v, 7, true),
        ("dpm_eps_linear", .dpm, .linear, .eps, 10, false),
        ("dpm_v_cosine", .dpm, .cosine, .v, 12, false),
        ("dpm_x0_linear", .dpm, .linear, .x0, 6, false),
        ("dpm_eps_linear_25", .dpm, .linear, .eps, 25, false),
    ]

    /// fake_model in gen_diffusion.py: 0.8 x + 0.1 sin(3 x + 0.01 t).
    static func fakeModel(_ x: Tensor, _ t: Int) -> Tensor {
        let out = Tensor(zeros: x.shape)
        for i in 0..<x.count {
            let v = x.pointer[i]
            out.pointer[i] = 0.8 * v + 0.1 * sinf(3 * v + 0.01 * Float(t))
        }
        return out
    }

    func testTrajectoriesMatchDiffusers() throws {
        let fixture = try DiffusionFixture("samplers.safetensors")
        for (index, (name, kind, beta, prediction, steps, clip)) in Self.cases.enumerated() {
            let config = SchedulerConfiguration(betaSchedule: beta, prediction: prediction, clipSample: clip ? 1 : nil)
            var random = TorchRandomSource(seed: UInt64(100 + index))
            let shape = [2, 1, 8, 12]
            var x = random.normalTensor(shape: shape)
            let scheduler: any Scheduler
            switch kind {
            case .ddpm: scheduler = DDPMScheduler(configuration: config, stepCount: steps, random: random)
            case .ddim(let eta): scheduler = DDIMScheduler(configuration: config, stepCount: steps, eta: eta, random: random)
            case .dpm: scheduler = DPMSolverMultistepScheduler(configuration: config, stepCount: steps)
            }
            let expectedSteps = try fixture.tensor("\(name).timesteps").scalars.map { Int($0) }
            XCTAssertEqual(scheduler.timeSteps, expectedSteps, name)
            let trajectory = try fixture.tensor("\(name).trajectory")
            XCTAssertLessThanOrEqual(relativeError(x.scalars, trajectory[0].scalars), 1e-6, "\(name) x_T")
            var worst: Float = 0
            for (i, t) in scheduler.timeSteps.enumerated() {
                x = scheduler.step(output: Self.fakeModel(x, t), timeStep: t, sample: x)
                let err = relativeError(x.scalars, trajectory[i + 1].scalars)
                worst = max(worst, err)
                XCTAssertLessThanOrEqual(err, 1e-4, "\(name) step \(i) (t = \(t))")
            }
            print("sampler parity \(name): max rel err \(worst)")
        }
    }
}
