import Foundation
@testable import Session
import XCTest

final class SessionTimestampTests: XCTestCase {
    func testKnownValues() {
        // python3 -c "import datetime; print(datetime.datetime(2024,5,1,12,30,0,250000,
        //   tzinfo=datetime.timezone.utc).timestamp())"  -> 1714566600.25
        XCTAssertEqual(SessionTimestamp.parse("2024-05-01T12:30:00.250Z")?.timeIntervalSince1970, 1_714_566_600.25)
        XCTAssertEqual(SessionTimestamp.format(Date(timeIntervalSince1970: 1_714_566_600.25)), "2024-05-01T12:30:00.250Z")
        XCTAssertEqual(SessionTimestamp.format(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(SessionTimestamp.format(Date(timeIntervalSince1970: -0.001)), "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(SessionTimestamp.parse("2000-02-29T00:00:00Z")?.timeIntervalSince1970, 951_782_400)
    }

    func testOffsetsAndFractions() {
        XCTAssertEqual(SessionTimestamp.parse("2024-05-01T14:30:00+02:00"), SessionTimestamp.parse("2024-05-01T12:30:00Z"))
        XCTAssertEqual(SessionTimestamp.parse("2024-05-01T12:30:00.5Z")?.timeIntervalSince1970, 1_714_566_600.5)
        XCTAssertEqual(SessionTimestamp.parse("2024-05-01T12:30:00.123456Z"), SessionTimestamp.parse("2024-05-01T12:30:00.123Z"))
    }

    func testInvalidDatesAreRefused() {
        for text in ["", "2024-05-01", "2024-05-01 12:30:00Z", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z",
                     "2024-13-01T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T12:30:00", "2024-05-01T12:30:00.Z",
                     "2024-05-01T12:30:00Zjunk", "２０２４-05-01T12:30:00Z"] {
            XCTAssertNil(SessionTimestamp.parse(text), text)
        }
    }

    func testNormalizedDatesRoundTripExactly() {
        var generator = SplitMix(state: 3)
        for _ in 0..<1_000 {
            let date = SessionTimestamp.normalized(Date(timeIntervalSince1970: Double.random(in: -3e9 ... 6e9, using: &generator)))
            XCTAssertEqual(SessionTimestamp.parse(SessionTimestamp.format(date)), date)
        }
    }
}
