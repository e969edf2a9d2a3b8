import XCTest
@testable import Models

final class TensorTests: XCTestCase {
    func testReshapeAndRowsShareStorage() {
        let t = Tensor(shape: [3, 2], scalars: [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(t.rows(1..<3).scalars, [2, 3, 4, 5])
        XCTAssertEqual(t[2].scalars, [4, 5])
        XCTAssertEqual(t.reshaped([2, -1]).shape, [2, 3])
        XCTAssertTrue(t.reshaped([6]).storage === t.storage)
    }

    func testThePoolServesASmallerRequestFromALargerIdleBufferAndTakesItBackWhole() {
        // Sizes no other test allocates, and no other idle buffer that could fit first.
        StoragePool.shared.releaseIdle()
        let large = StoragePool.capacity(for: 3 * StoragePool.minimumCount + 12_345)
        let small = StoragePool.capacity(for: 2 * StoragePool.minimumCount + 12_345)
        let pool = StoragePool.shared
        let (p, c) = pool.take(capacity: large)
        XCTAssertEqual(c, large)
        pool.give(p, capacity: c)
        let (q, d) = pool.take(capacity: small)
        XCTAssertEqual(q, p, "the idle larger buffer serves the smaller request")
        XCTAssertEqual(d, large, "and its whole capacity is recorded, to go back whole")
        q.update(repeating: 1, count: d)  // all of it is usable
        pool.give(q, capacity: d)
        let (r, e) = pool.take(capacity: StoragePool.capacity(for: large / 2 - 4096))
        XCTAssertNotEqual(r, q, "not from a buffer more than twice the size")
        pool.give(r, capacity: e)
        pool.releaseIdle()
    }
}

