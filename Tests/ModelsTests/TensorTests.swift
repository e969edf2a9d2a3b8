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
}
