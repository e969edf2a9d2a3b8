import XCTest
@testable import Engine
@testable import Models

final class NoiseScheduleTests: XCTestCase {
    func testAlphasCumprodMatchDiffusers() throws {
        let fixture = try DiffusionFixture("schedules.safetensors")
        for kind in BetaSchedule.allCases {
            let expected = try fixture.tensor(kind.rawValue).scalars
            let got = NoiseSchedule(kind: kind).alphasCumprod
            // Relative to each value: ᾱ spans 1 down to ~4e-5, and the samplers divide by it.
            let err = zip(got, expected).map { abs($0 - $1) / $1 }.max() ?? 0
            XCTAssertLessThanOrEqual(err, 1e-5, "\(kind)")
        }
    }

    func testTimestepSpacingMatchesDiffusers() throws {
        let fixture = try DiffusionFixture("schedules.safetensors")
        for spacing in TimestepSpacing.allCases {
            for steps in [1, 7, 25, 50, 333] {
                let expected = try fixture.tensor("spacing.\(spacing.rawValue).\(steps)").scalars.map { Int($0) }
                XCTAssertEqual(spacing.timeSteps(count: steps, trainSteps: 1000), expected, "\(spacing) \(steps)")
                let solver = try fixture.tensor("dpm_spacing.\(spacing.rawValue).\(steps)").scalars.map { Int($0) }
                XCTAssertEqual(spacing.solverTimeSteps(count: steps, trainSteps: 1000), solver, "solver \(spacing) \(steps)")
            }
        }
    }

    func testConfigurationJSONUsesSnakeCaseAndDefaults() throws {
        let json = #"{"beta_schedule": "cosine", "prediction": "v", "clip_sample": 1.5, "timestep_spacing": "trailing"}"#
        let config = try JSONDecoder().decode(SchedulerConfiguration.self, from: Data(json.utf8))
        XCTAssertEqual(config, SchedulerConfiguration(betaSchedule: .cosine, prediction: .v, clipSample: 1.5,
                                                      timestepSpacing: .trailing))
        let back = try JSONDecoder().decode(SchedulerConfiguration.self, from: JSONEncoder().encode(config))
        XCTAssertEqual(back, config)
        XCTAssertEqual(try JSONDecoder().decode(SchedulerConfiguration.self, from: Data("{}".utf8)),
                       SchedulerConfiguration())
    }
}
