import Engine
import XCTest
@testable import StudioTUI

final class GenerationProgressTests: XCTestCase {
    private let t0 = Date(timeIntervalSince1970: 1_000_000)

    func testETAFromTheStepPace() {
        var progress = GenerationProgress(jobID: 1, modes: [.prior], totalSteps: 10, started: t0)
        progress.record(stage: .encoding, mode: .prior, at: t0)
        XCTAssertNil(progress.secondsLeft(now: t0))
        progress.record(step: 0, of: 10, mode: .prior, at: t0.addingTimeInterval(2))
        XCTAssertNil(progress.secondsLeft(now: t0.addingTimeInterval(2)), "one step gives no pace")
        progress.record(step: 3, of: 10, mode: .prior, at: t0.addingTimeInterval(5))
        XCTAssertEqual(progress.step, 4)
        // 1 s per step, 6 steps left.
        XCTAssertEqual(progress.secondsLeft(now: t0.addingTimeInterval(5))!, 6, accuracy: 1e-9)
        XCTAssertEqual(progress.secondsLeft(now: t0.addingTimeInterval(7))!, 4, accuracy: 1e-9)
        XCTAssertEqual(progress.fraction, 0.4, accuracy: 1e-9)
    }

    func testAnABJobCountsTheSecondTake() {
        var progress = GenerationProgress(jobID: 1, modes: [.prior, .zeroShot], totalSteps: 10, started: t0)
        progress.record(stage: .encoding, mode: .prior, at: t0)
        progress.record(step: 0, of: 10, mode: .prior, at: t0.addingTimeInterval(1))
        progress.record(step: 4, of: 10, mode: .prior, at: t0.addingTimeInterval(5))
        // This take: 5 steps left at 1 s; the next one as long as this one (5 s so far + 5 s).
        XCTAssertEqual(progress.secondsLeft(now: t0.addingTimeInterval(5))!, 15, accuracy: 1e-9)
        XCTAssertEqual(progress.fraction, 0.25, accuracy: 1e-9)
        progress.record(stage: .encoding, mode: .zeroShot, at: t0.addingTimeInterval(11))
        XCTAssertEqual(progress.takeIndex, 1)
        XCTAssertEqual(progress.step, 0)
        XCTAssertEqual(progress.fraction, 0.5, accuracy: 1e-9)
        progress.finish(.completed, at: t0.addingTimeInterval(20))
        XCTAssertFalse(progress.isRunning)
        XCTAssertEqual(progress.fraction, 1)
        XCTAssertNil(progress.secondsLeft(now: t0.addingTimeInterval(20)))
        XCTAssertEqual(progress.elapsed(now: t0.addingTimeInterval(99)), 20)
    }

    func testFormatsForTheBars() {
        XCTAssertEqual(Format.clock(4.25), "0:04.2")
        XCTAssertEqual(Format.clock(65), "1:05.0")
        XCTAssertEqual(Format.clock(.nan), "0:00.0")
        XCTAssertEqual(Format.seconds(0.42), "0.4 s")
        XCTAssertEqual(Format.seconds(125), "2 min 05 s")
        XCTAssertEqual(Format.number(0.3), "0.3")
        XCTAssertEqual(Format.number(3), "3")
        let bar = Format.bar(0.5, width: 10)
        XCTAssertEqual(bar.filled, "█████")
        XCTAssertEqual(bar.empty.count, 5)
        let partial = Format.bar(0.55, width: 10)
        XCTAssertEqual(partial.filled.count + partial.empty.count, 10)
        XCTAssertEqual(Format.bar(2, width: 4).filled, "████")
        XCTAssertEqual(Format.bar(-1, width: 4).empty, "░░░░")
    }
}
