import Engine
import Foundation
@testable import Session
import XCTest

/// `TakeList` behaves as an array of takes under every kind of change, across chunk boundaries,
/// and its chunks stay within their bounds. Checked against a plain array doing the same.
final class TakeListTests: XCTestCase {
    private func take(_ n: Int) -> Take {
        Take(request: GenerationRequest(prompt: "take \(n)", seed: UInt64(n)), audioPath: "takes/t\(n).wav",
             created: sampleDate)
    }

    private func assertSame(_ list: TakeList, _ reference: [Take], _ step: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(list.count, reference.count, step, file: file, line: line)
        XCTAssertTrue(Array(list) == reference, step, file: file, line: line)
        XCTAssertTrue(list.indices.map { list[$0] } == reference, "\(step): by index", file: file, line: line)
        XCTAssertEqual(list.chunkLengths.reduce(0, +), reference.count, step, file: file, line: line)
        XCTAssertFalse(list.chunkLengths.contains { $0 == 0 || $0 > 2 * TakeList.chunkSize },
                       "\(step): chunks \(list.chunkLengths)", file: file, line: line)
        var walked: [(Int, Take.ID)] = []
        list.forEachInPlace { index, take in walked.append((index, take.id)) }
        XCTAssertEqual(walked.map(\.0), Array(reference.indices), "\(step): positions in place", file: file, line: line)
        XCTAssertEqual(walked.map(\.1), reference.map(\.id), "\(step): takes in place", file: file, line: line)
    }

    func testEveryKindOfChangeMatchesAnArray() {
        let size = 3 * TakeList.chunkSize + 17
        var reference = (0..<size).map(take)
        var list = TakeList(reference)
        XCTAssertGreaterThan(list.chunkLengths.count, 1, "the test must cross chunks")
        assertSame(list, reference, "built")
        // Seeded, so that a failure names a step that happens again.
        var generator = SplitMix(state: 17)
        var next = size
        for step in 0..<300 {
            let position = Int.random(in: 0..<reference.count, using: &generator)
            let upper = Swift.min(reference.count, position + Int.random(in: 0...2 * TakeList.chunkSize, using: &generator))
            let name: String
            switch step % 8 {
            case 0:
                name = "rating of take \(position)"
                list[position].rating = step % 6; reference[position].rating = step % 6
            case 1:
                name = "insert at \(position)"
                let added = take(next); next += 1
                list.insert(added, at: position); reference.insert(added, at: position)
            case 2:
                name = "remove at \(position)"
                list.remove(at: position); reference.remove(at: position)
            case 3:
                name = "replace \(position)..<\(upper) with 3 takes"
                let added = (next..<next + 3).map(take); next += 3
                list.replaceSubrange(position..<upper, with: added); reference.replaceSubrange(position..<upper, with: added)
            case 4:
                name = "append \(step) takes"
                let added = (next..<next + step).map(take); next += step
                list.append(contentsOf: added); reference.append(contentsOf: added)
            case 5:
                name = "swap \(position) and the last"
                list.swapAt(position, list.count - 1); reference.swapAt(position, reference.count - 1)
            case 6:
                name = "remove every take whose seed ends in \(step % 10)"
                list.removeAll { $0.request.seed % 10 == UInt64(step % 10) }
                reference.removeAll { $0.request.seed % 10 == UInt64(step % 10) }
            default:
                name = "reverse"
                list.reverse(); reference.reverse()
            }
            assertSame(list, reference, "step \(step): \(name)")
            if reference.count < 100 {
                let added = (next..<next + 2000).map(take); next += 2000
                list.append(contentsOf: added); reference.append(contentsOf: added)
            }
        }
        let probe = reference[reference.count / 2].id
        XCTAssertEqual(list.firstIndex { $0.id == probe }, reference.firstIndex { $0.id == probe })
    }

    /// Equality must not trust shared chunks further than they are shared: a copy changed in one
    /// take, anywhere in any chunk, differs.
    func testACopyChangedInOneTakeIsNotEqual() {
        let list = TakeList((0..<(3 * TakeList.chunkSize)).map(take))
        for position in [0, TakeList.chunkSize - 1, TakeList.chunkSize, 2 * TakeList.chunkSize + 5, list.count - 1] {
            var changed = list
            changed[position].note = "changed"
            XCTAssertNotEqual(changed, list, "take \(position)")
            changed[position].note = ""
            XCTAssertEqual(changed, list, "take \(position) set back")
        }
    }

    func testEncodesAsAnArrayOfTakes() throws {
        let takes = (0..<3).map(take)
        let encoder = VersionedDocument.encoder
        XCTAssertEqual(try encoder.encode(TakeList(takes)), try encoder.encode(takes))
        let decoded = try VersionedDocument.decoder.decode(TakeList.self, from: try encoder.encode(takes))
        XCTAssertTrue(Array(decoded) == takes)
    }
}
