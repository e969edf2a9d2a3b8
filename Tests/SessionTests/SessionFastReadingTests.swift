import Engine
import Foundation
import Models
@testable import Session
import XCTest

/// `StudioSession.fastRead` (each take parsed and read in one step, on all cores) reads exactly
/// what the long way (`VersionedDocument.decodeWithMembers`) reads, throws exactly its errors, and
/// declines (nil) everything it is not sure of, which the long way then reads or refuses.
final class SessionFastReadingTests: XCTestCase {
    private func take(_ number: Int, extra: String = "") -> String {
        """
        {"id": "00000000-0000-0000-0000-\(String(format: "%012d", number))", "audioPath": "takes/t\(number).wav",
         "created": "2024-05-01T12:30:00Z", "request": {"prompt": "rain, \\"tin\\" [roof] {\(number)}", "seed": \(number)}\(extra)}
        """
    }

    private func document(takes: [String], version: Int = 2, after: String = "", rest: String = "") -> String {
        """
        {"format": "clipsonic-session", "version": \(version), "bundlePath": "models/mini",
         "created": "2024-05-01T12:00:00Z"\(rest), "takes": [\(takes.joined(separator: ",\n "))]\(after)}
        """
    }

    private enum Outcome: Equatable {
        case read(StudioSession, [String: JSONValue])
        case declined
        case failed(SessionError)
    }

    private func fast(_ text: String) -> Outcome {
        do throws(SessionError) {
            guard let (session, members) = try StudioSession.fastRead(Data(text.utf8), source: "s.json") else { return .declined }
            return .read(session, members)
        } catch {
            return .failed(error)
        }
    }

    private func long(_ text: String) -> Outcome {
        do throws(SessionError) {
            let (session, members) = try VersionedDocument.decodeWithMembers(
                StudioSession.self, from: Data(text.utf8), source: "s.json", format: StudioSession.format,
                supportedVersion: StudioSession.currentVersion)
            return .read(session, members.filter { $0.key != "takes" })
        } catch {
            return .failed(error)
        }
    }

    /// The fast way either declines or gives the long way's outcome.
    private func assertAgrees(_ text: String, expectFast: Bool? = nil, file: StaticString = #filePath, line: UInt = #line) {
        var fastOutcome = fast(text)
        if case .read(let session, let members) = fastOutcome { fastOutcome = .read(session, members.filter { $0.key != "takes" }) }
        if let expectFast { XCTAssertEqual(fastOutcome != .declined, expectFast, "fast way taken? \(text)", file: file, line: line) }
        if fastOutcome != .declined { XCTAssertEqual(fastOutcome, long(text), text, file: file, line: line) }
    }

    func testPlainSessionsAreReadTheFastWayAsTheLongWayReadsThem() {
        let many = (1...300).map { take($0) }
        assertAgrees(document(takes: many), expectFast: true)
        assertAgrees(document(takes: many, rest: #", "settings": {"outputFolder": "out"}, "seedHistory": [1, 2]"#), expectFast: true)
        assertAgrees(document(takes: []), expectFast: true)
        // A take only the decoder reads (a rating written 2.0) and a deleted take beside them.
        assertAgrees(document(takes: many + [take(301, extra: #", "rating": 2.0"#)],
                              after: #", "trash": [], "abPairs": []"#), expectFast: true)
        guard case .read(let session, _) = fast(document(takes: many + [take(301, extra: #", "rating": 2.0"#)])) else {
            return XCTFail("not read")
        }
        XCTAssertEqual(session.takes.count, 301)
        XCTAssertEqual(session.takes.last?.rating, 2)
    }

    func testBadTakesFailWithTheLongWaysError() {
        let many = (1...100).map { take($0) }
        for bad in [#", "rating": "five""#, #", "request": {"steps": -3}"#, #", "favourite": "yes""#] {
            var takes = many
            takes[57] = take(58, extra: bad)
            let text = document(takes: takes)
            XCTAssertNotEqual(long(text), .declined)
            guard case .failed = long(text) else { return XCTFail("accepted: \(bad)") }
            assertAgrees(text)
        }
    }

    /// A bad take and a bad member elsewhere: the error is the one the decoder meets first,
    /// a member it reads before the takes (`membersDecodedBeforeTakes`) or the take.
    func testABadTakeBesideABadMemberFailsWithTheErrorTheDecoderMeetsFirst() {
        var takes = (1...100).map { take($0) }
        takes[7] = take(8, extra: #", "favourite": "yes""#)
        let members = [
            #", "seedHistory": [1, 2.5]"#, #", "trash": 3"#, #", "abPairs": {}"#, #", "favouritesFolder": 7"#,
            #", "variationGroups": "x""#, #", "settings": {"outputFolder": 3}"#, #", "modified": "yesterday""#,
        ]
        for member in members {
            let text = document(takes: takes, rest: member)
            guard case .failed(let error) = long(text) else { return XCTFail("accepted: \(member)") }
            assertAgrees(text, expectFast: true)
            let takeFirst = !["settings", "modified"].contains { member.contains("\"\($0)\"") }
            XCTAssertEqual("\(error)".contains("takes[7]"), takeFirst, "\(member): \(error)")
        }
    }

    /// Anything the fast way is not sure of: other versions, syntax errors anywhere (the long
    /// way reports them with line and column), duplicate or repeated members, text after.
    func testWhatItIsNotSureOfIsDeclined() {
        let many = (1...100).map { take($0) }
        let declined = [
            document(takes: many, version: 1),
            document(takes: many, version: 3),
            document(takes: many, after: ", "),
            document(takes: many, after: #", "takes": []"#),
            document(takes: many, after: "]"),
            document(takes: many) + " x",
            document(takes: many).replacingOccurrences(of: #""takes": ["#, with: #""takes": 5, "x": ["#),
            document(takes: many + ["7,"]),
            document(takes: many[0..<50] + ["{\"id\": }"] + many[50...]),
            document(takes: many[0..<50] + ["[1}"] + many[50...]),
            document(takes: many).replacingOccurrences(of: "]}", with: "] 7}"),
            "[]",
            "",
        ]
        for text in declined {
            XCTAssertEqual(fast(text), .declined, text)
        }
    }

    /// A take nested past the parser's limit is refused the fast way too.
    func testTheNestingLimitHolds() {
        let deep = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        let text = document(takes: (1...10).map { take($0) } + [take(11, extra: ", \"x\": \(deep)")])
        XCTAssertEqual(fast(text), .declined)
        guard case .failed(.malformedJSON) = long(text) else { return XCTFail("deep nesting accepted") }
    }
}
