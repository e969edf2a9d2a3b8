import XCTest
@testable import StudioTUI

final class RecentCacheTests: XCTestCase {
    func testTheLeastRecentlyUsedGoFirstOnceTheBudgetIsPassed() {
        let cache = RecentCache<Int, [Float]>(budget: 40) { $0.count * 4 }
        for key in 0..<3 { cache[key] = [Float](repeating: 0, count: 3) }   // 36 bytes
        XCTAssertNotNil(cache[0])                                            // 0 is now the most recent
        cache[3] = [Float](repeating: 0, count: 3)                           // 48 bytes: 1 must go
        XCTAssertNil(cache[1])
        XCTAssertNotNil(cache[0])
        XCTAssertNotNil(cache[2])
        XCTAssertNotNil(cache[3])
        XCTAssertEqual(cache.totalCost, 36)
    }

    func testTheMostRecentStayWhateverTheirSize() {
        let cache = RecentCache<String, [Float]>(budget: 10, keepAtLeast: 2) { $0.count * 4 }
        cache["a"] = [Float](repeating: 0, count: 100)
        cache["b"] = [Float](repeating: 0, count: 100)
        XCTAssertEqual(cache.count, 2, "an A/B pair of long takes is kept")
        cache["c"] = [Float](repeating: 0, count: 1)
        XCTAssertEqual(cache.count, 2)
        XCTAssertNil(cache["a"])
        XCTAssertEqual(cache.totalCost, 404)
    }

    func testReplacingAndRemovingKeepTheCostRight() {
        let cache = RecentCache<Int, [Float]>(budget: 1000) { $0.count * 4 }
        cache[1] = [1, 2]
        cache[1] = [1, 2, 3]
        XCTAssertEqual(cache.totalCost, 12)
        cache[1] = nil
        XCTAssertEqual(cache.totalCost, 0)
        XCTAssertEqual(cache.count, 0)
    }

    func testAStudioPlayingTakeAfterTakeKeepsABoundedAmountOfAudio() throws {
        let h = try StudioHarness(generator: FakeGenerator(seconds: 4))
        h.studio.execute("set prompt=rain")
        h.studio.execute("set steps=1")
        for n in 1...40 {
            h.press("g")
            XCTAssertTrue(h.waitFor { h.store.session.takes.count == n })
        }
        // 40 takes of 4 s at 16 kHz, each played as it came, would be 10 MB: the cache keeps 8 MiB.
        XCTAssertLessThanOrEqual(h.studio.audioCache.totalCost, h.studio.audioCache.budget)
        XCTAssertLessThan(h.studio.audioCache.count, 40)
        XCTAssertGreaterThanOrEqual(h.studio.audioCache.count, 2)
    }
}
