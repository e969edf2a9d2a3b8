import XCTest
@testable import StudioTUI

final class OptionKindTests: XCTestCase {
    func testParsesEachKind() throws {
        XCTAssertEqual(try StudioOption.guidance.kind.parse("3.5", option: .guidance), .decimal(3.5))
        XCTAssertEqual(try StudioOption.steps.kind.parse(" 40 ", option: .steps), .integer(40))
        XCTAssertEqual(try StudioOption.seed.kind.parse("4294967295", option: .seed), .seed(4_294_967_295))
        XCTAssertEqual(try StudioOption.mode.kind.parse("Zero-Shot", option: .mode), .text("zero-shot"))
        XCTAssertEqual(try StudioOption.sampler.kind.parse("dpm++2m", option: .sampler), .text("dpm++2m"))
        XCTAssertEqual(try StudioOption.repeatPlayback.kind.parse("on", option: .repeatPlayback), .flag(true))
        XCTAssertEqual(try StudioOption.repeatPlayback.kind.parse("no", option: .repeatPlayback), .flag(false))
        XCTAssertEqual(try StudioOption.loop.kind.parse("on", option: .loop), .flag(true))
        XCTAssertEqual(try StudioOption.duration.kind.parse("native", option: .duration), .decimal(0))
        XCTAssertEqual(try StudioOption.prompt.kind.parse("  a dog  ", option: .prompt), .text("a dog"))
    }

    func testRejectsValuesOutOfRangeWithTheRange() {
        XCTAssertThrowsError(try StudioOption.guidance.kind.parse("51", option: .guidance)) {
            XCTAssertEqual("\($0)", "guidance: \"51\" is not valid; expected a number from 0 to 50")
        }
        XCTAssertThrowsError(try StudioOption.seed.kind.parse("4294967296", option: .seed))
        XCTAssertThrowsError(try StudioOption.steps.kind.parse("0", option: .steps))
        XCTAssertThrowsError(try StudioOption.steps.kind.parse("2.5", option: .steps))
        XCTAssertThrowsError(try StudioOption.guidance.kind.parse("nan", option: .guidance))
        XCTAssertThrowsError(try StudioOption.seed.kind.parse("-1", option: .seed))
        XCTAssertThrowsError(try StudioOption.mode.kind.parse("video", option: .mode)) {
            XCTAssertTrue("\($0)".contains("one of zero-shot, prior, image, mix"))
        }
        XCTAssertThrowsError(try StudioOption.repeatPlayback.kind.parse("maybe", option: .repeatPlayback))
        XCTAssertThrowsError(try StudioOption.loop.kind.parse("maybe", option: .loop))
    }

    func testAdjustClampsAndAvoidsDrift() throws {
        let weight = StudioOption.imageWeight.kind
        var value = OptionValue.decimal(0)
        for _ in 0..<3 { value = try weight.adjust(value, by: "", sign: 1, option: .imageWeight) }
        XCTAssertEqual(value, .decimal(0.3))
        XCTAssertEqual(try weight.adjust(.decimal(0.95), by: "0.1", sign: 1, option: .imageWeight), .decimal(1))
        XCTAssertEqual(try StudioOption.steps.kind.adjust(.integer(3), by: "5", sign: -1, option: .steps), .integer(1))
        XCTAssertEqual(try StudioOption.steps.kind.adjust(.integer(3), by: "", sign: 1, option: .steps), .integer(8))
        XCTAssertEqual(try StudioOption.steps.kind.adjust(.integer(3), by: String(Int.max), sign: 1, option: .steps),
                       .integer(1000))
        XCTAssertEqual(try StudioOption.seed.kind.adjust(.seed(0), by: "1", sign: -1, option: .seed), .seed(4_294_967_295))
        XCTAssertEqual(try StudioOption.seed.kind.adjust(.seed(4_294_967_295), by: "2", sign: 1, option: .seed), .seed(1))
        XCTAssertThrowsError(try StudioOption.mode.kind.adjust(.text("prior"), by: "1", sign: 1, option: .mode)) {
            XCTAssertEqual($0 as? CommandError, .notAdjustable(option: "mode"))
        }
        XCTAssertThrowsError(try StudioOption.guidance.kind.adjust(.decimal(1), by: "-1", sign: 1, option: .guidance))
    }

    func testFormatRoundTrips() throws {
        for option in StudioOption.allCases {
            let sample: OptionValue
            switch option.kind {
            case .text, .name: sample = .text("x y")
            case .choice(let choices): sample = .text(choices[1])
            case .decimal(let range, let step): sample = .decimal(range.lowerBound + step)
            case .integer(let range, _): sample = .integer(range.lowerBound + 1)
            case .seed: sample = .seed(1_234_567_890)
            case .flag: sample = .flag(true)
            }
            XCTAssertEqual(try option.kind.parse(option.kind.format(sample), option: option), sample, option.rawValue)
        }
    }
}
