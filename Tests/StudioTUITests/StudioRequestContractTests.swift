import Engine
import Foundation
import XCTest
@testable import StudioTUI

/// The studio's `set` reads generation options through the parameter table, so it accepts and
/// refuses exactly what `generate` and `batch` do (RequestContractTests checks those two).
final class StudioRequestContractTests: XCTestCase {
    func testEveryLimitOfTheTableIsEnforcedBySet() throws {
        let h = try StudioHarness()
        var checked = 0
        for parameter in RequestParameters.all {
            let bad: String
            switch parameter.kind {
            case .decimal(let range, _): bad = "\(range.upperBound + 1)"
            case .integer(let range, _): bad = "\(range.upperBound + 1)"
            case .seed(let range): bad = "\(range.upperBound + 1)"
            case .choice, .flag: bad = "nonsense"
            case .text, .path: continue
            }
            let before = h.store.session.settings.request
            h.studio.execute("set \(parameter.name)=\(bad)")
            XCTAssertEqual(h.studio.status?.severity, .error, parameter.name)
            XCTAssertTrue(h.status.contains("expected \(parameter.kind.expected)"), "\(parameter.name): \(h.status)")
            XCTAssertEqual(h.store.session.settings.request, before, "\(parameter.name) changed on a refused value")
            // The table's own edge is accepted, as it is by the CLI.
            let edge: String
            switch parameter.kind {
            case .decimal(let range, _): edge = ParameterValue.format(range.upperBound)
            case .integer(let range, _): edge = "\(range.upperBound)"
            case .seed(let range): edge = "\(range.upperBound)"
            case .choice(let choices): edge = choices[choices.count - 1]
            case .flag: edge = "on"
            case .text, .path: continue
            }
            XCTAssertNoThrow(try parameter.parse(edge), parameter.name)
            h.studio.execute("set \(parameter.name)=\(edge)")
            XCTAssertEqual(parameter.value(in: h.store.session.settings.request), try parameter.parse(edge), parameter.name)
            checked += 1
        }
        XCTAssertEqual(checked, 14)
    }

    func testSeedsDrawnByTheStudioStayInTheTablesRange() throws {
        let h = try StudioHarness()
        h.studio.execute("set prompt=rain")
        for _ in 0..<20 {
            h.press("#")
            XCTAssertLessThanOrEqual(h.store.session.settings.request.seed, 4_294_967_295)
        }
        var session = h.store.session
        for _ in 0..<200 { XCTAssertLessThanOrEqual(session.nextRequest().seed, 4_294_967_295) }
    }

    func testPriorGuidanceIsHiddenAndRefusedWhenThePriorCannotBeGuided() throws {
        let h = try StudioHarness(generator: FakeGenerator(priorGuidanceSupported: false))
        XCTAssertTrue(h.waitFor { h.studio.engineState == .ready })
        h.studio.execute("set prior-guidance=2")
        XCTAssertEqual(h.store.session.settings.request.priorGuidanceScale, 1)
        XCTAssertTrue(h.status.contains("no learned null condition"), h.status)
        XCTAssertFalse(h.screen().contains("Prior guidance"), h.screen().text)

        let guided = try StudioHarness(generator: FakeGenerator(priorGuidanceSupported: true))
        XCTAssertTrue(guided.waitFor { guided.studio.engineState == .ready })
        guided.studio.execute("set prior-guidance=2")
        XCTAssertEqual(guided.store.session.settings.request.priorGuidanceScale, 2)
        XCTAssertTrue(guided.screen().contains("Prior guidance 2"), guided.screen().text)
    }

    /// `set prior-weights float16` goes into the request the studio sends and shows on the
    /// settings line (it changes the take), as `precision` does; float32, the default, is not shown.
    func testPriorWeightsAreSetByNameAndShownWhenNotTheDefault() throws {
        let generator = FakeGenerator()
        let h = try StudioHarness(generator: generator)
        XCTAssertFalse(h.screen().contains("Prior weights"), h.screen().text)
        h.studio.execute("set prior-weights=float16")
        XCTAssertEqual(h.store.session.settings.request.priorWeights, .float16)
        XCTAssertTrue(h.screen().contains("Prior weights float16"), h.screen().text)
        h.studio.execute("set prior-weights=float8")
        XCTAssertEqual(h.studio.status?.severity, .error)
        XCTAssertEqual(h.store.session.settings.request.priorWeights, .float16)
        h.studio.execute("set prompt=rain")
        h.press("g")
        XCTAssertTrue(h.waitFor { generator.requests.count == 1 })
        XCTAssertEqual(generator.requests.first?.0.priorWeights, .float16)
        XCTAssertFalse(h.screen().contains("Precision"), h.screen().text)
        h.studio.execute("set precision=bfloat16")
        XCTAssertTrue(h.screen().contains("Precision bfloat16"), h.screen().text)
    }

    func testVOnATakeQueuesAVariationOfItsSound() throws {
        let generator = FakeGenerator()
        let h = try StudioHarness(generator: generator)
        h.studio.execute("set prompt=rain")
        h.studio.execute("set strength=0.4")
        h.press("g")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 1 && !(h.studio.progress?.isRunning ?? true) })
        let take = try XCTUnwrap(h.store.session.takes.first)
        h.press("V")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 2 && !(h.studio.progress?.isRunning ?? true) })
        let varied = try XCTUnwrap(generator.requests.last?.0)
        XCTAssertEqual(varied.sourceAudio, try h.store.audioURL(of: take).path)
        XCTAssertEqual(varied.strength, 0.4)
        XCTAssertNil(h.store.session.settings.request.sourceAudio, "the settings are left as they were")
        XCTAssertEqual(h.store.session.takes.last?.request.sourceAudio, varied.sourceAudio, "the take's recipe names its source")
    }
}
