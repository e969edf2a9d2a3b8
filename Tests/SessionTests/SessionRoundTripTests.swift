import Engine
import Foundation
@testable import Session
import XCTest

final class SessionRoundTripTests: XCTestCase {
    func testFullSessionSurvivesEncodeAndParse() throws {
        let session = makeFullSession()
        let data = try session.encoded(source: "session.json")
        let decoded = try StudioSession.parse(data: data, source: "session.json")
        XCTAssertEqual(decoded, session)
        // Encoding is deterministic (sorted keys), so an unchanged session saves identical bytes.
        XCTAssertEqual(try decoded.encoded(source: "session.json"), data)
    }

    func testEncodedFileCarriesFormatVersionAndReadableDates() throws {
        let text = String(decoding: try makeFullSession().encoded(source: "s"), as: UTF8.self)
        XCTAssertTrue(text.contains("\"format\" : \"clipsonic-session\""), text)
        XCTAssertTrue(text.contains("\"version\" : 2"), text)
        XCTAssertTrue(text.contains("\"created\" : \"2024-05-01T12:30:00.250Z\""), text)
        XCTAssertTrue(text.contains("\"seed\" : 4294967295"), text)
        XCTAssertTrue(text.contains("\"mode\" : \"mix\""), text)
        XCTAssertTrue(text.contains("\"seedPolicy\" : \"locked\""), text)
        XCTAssertTrue(text.hasSuffix("}\n"))
    }

    /// The session format's key names for stage timings: the engine's `StageTimings` coding.
    /// Renaming a StageTimings property changes every session file; this test says so.
    func testTimingsKeyNamesArePinned() throws {
        let text = String(decoding: try makeFullSession().encoded(source: "s"), as: UTF8.self)
        for line in ["\"encoding\" : 0.125", "\"prior\" : 1.5", "\"denoising\" : 12.25", "\"vocoding\" : 0.75"] {
            XCTAssertTrue(text.contains(line), line)
        }
        let partial = sessionJSON(takes: "[\(takeJSON().dropLast()), \"timings\": {\"denoising\": 2.5}}]")
        let take = try XCTUnwrap(StudioSession.parse(data: bytes(partial), source: "s").takes.first)
        XCTAssertEqual(take.timings, StageTimings(denoising: 2.5), "a stage the file does not mention took no time")
    }

    func testFloatParametersReadBackExactly() throws {
        var session = makeFullSession()
        session.settings.request.guidanceScale = 0.1
        session.settings.request.imageWeight = 1 / 3
        session.takes[0].timings.denoising = 0.1 + 0.2
        let decoded = try StudioSession.parse(data: try session.encoded(source: "s"), source: "s")
        XCTAssertEqual(decoded.settings.request.guidanceScale, 0.1)
        XCTAssertEqual(decoded.settings.request.imageWeight, 1 / 3)
        XCTAssertEqual(decoded.takes[0].timings.denoising, 0.1 + 0.2)
    }

    func testNonFiniteValueIsAnEncodingErrorNotACrash() {
        var session = makeFullSession()
        session.settings.request.guidanceScale = .nan
        XCTAssertThrowsError(try session.encoded(source: "session.json")) { error in
            guard case SessionError.encodingFailed(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "session.json")
        }
    }

    func testSessionEditingHelpers() throws {
        var session = StudioSession(bundlePath: "models/mini", created: sampleDate)
        let first = Take(request: GenerationRequest(seed: 5), audioPath: "a.wav", created: sampleDate)
        let second = Take(request: GenerationRequest(seed: 9), audioPath: "b.wav", created: sampleDate)
        session.addTake(first)
        session.addTake(second)
        session.recordSeed(5)
        XCTAssertEqual(session.seedHistory, [9, 5])
        let pair = try session.addPair(takeA: first.id, takeB: second.id)
        try session.setPreference(.a, forPair: pair.id)
        try session.recordSwitch(inPair: pair.id)
        try session.recordSwitch(inPair: pair.id)
        XCTAssertEqual(session.abPairs, [ABPair(id: pair.id, takeA: first.id, takeB: second.id, preferred: .a, switchCount: 2)])
        XCTAssertThrowsError(try session.addPair(takeA: first.id, takeB: first.id)) {
            XCTAssertEqual($0 as? SessionError, .selfPair(takeID: first.id))
        }
        try session.removeTake(second.id)
        XCTAssertEqual(session.takes.map(\.id), [first.id])
        XCTAssertTrue(session.abPairs.isEmpty, "pairs that refer to a removed take go with it")
        XCTAssertThrowsError(try session.setNote("x", forTake: second.id)) {
            XCTAssertEqual($0 as? SessionError, .takeNotFound(id: second.id))
        }
    }

    func testSeedHistoryIsCapped() {
        var session = StudioSession(bundlePath: "b", created: sampleDate)
        for seed in 0..<UInt64(StudioSession.seedHistoryLimit + 10) { session.recordSeed(seed) }
        XCTAssertEqual(session.seedHistory.count, StudioSession.seedHistoryLimit)
        XCTAssertEqual(session.seedHistory.first, 10)
    }

    func testNextRequestKeepsALockedSeedAndDrawsAFreshOne() {
        var session = StudioSession(bundlePath: "b", created: sampleDate,
                                    settings: StudioSettings(request: GenerationRequest(seed: 77), seedPolicy: .locked))
        XCTAssertEqual(session.nextRequest().seed, 77)
        session.settings.seedPolicy = .newEachTime
        var generator = SplitMix(state: 1)
        let fresh = session.nextRequest(using: &generator)
        XCTAssertEqual(session.settings.request.seed, fresh.seed, "the drawn seed is shown in the settings")
        XCTAssertNotEqual(fresh.seed, session.nextRequest(using: &generator).seed)
    }
}

/// A deterministic generator for seed tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
