import Models
import XCTest
@testable import StudioTUI

final class SpectrogramRendererTests: XCTestCase {
    func testLowBandsAtTheBottomAndTheRangeSpansTheGradient() {
        // 4 mel rows (row 0 lowest) x 2 frames; energy rises with frequency in frame 0, falls in frame 1.
        let image = SpectrogramImage(rows: 4, cols: 2, values: [0, 3,
                                                                1, 2,
                                                                2, 1,
                                                                3, 0])
        let levels = SpectrogramRenderer.levels(of: image, height: 2, width: 2, levels: 4)
        XCTAssertEqual(levels.count, 2)
        // Cell row 0 shows mel rows 3 (upper half) and 2; cell row 1 shows rows 1 and 0.
        XCTAssertEqual(levels[0][0].upper, 3); XCTAssertEqual(levels[0][0].lower, 2)
        XCTAssertEqual(levels[1][0].upper, 1); XCTAssertEqual(levels[1][0].lower, 0)
        XCTAssertEqual(levels[0][1].upper, 0); XCTAssertEqual(levels[1][1].lower, 3)
    }

    func testScalingIsRelativeSoANoisyEstimateUsesTheWholeGradient() {
        let quiet = SpectrogramImage(rows: 2, cols: 1, values: [-11.5, -11.4])
        let levels = SpectrogramRenderer.levels(of: quiet, height: 1, width: 1, levels: 7)
        XCTAssertEqual(levels[0][0].upper, 6)
        XCTAssertEqual(levels[0][0].lower, 0)
    }

    func testFlatNaNAndInfiniteValuesDoNotCrash() {
        let flat = SpectrogramImage(rows: 3, cols: 3, values: Array(repeating: 2, count: 9))
        XCTAssertTrue(SpectrogramRenderer.levels(of: flat, height: 2, width: 3, levels: 5).allSatisfy { $0.allSatisfy { $0 == (0, 0) } })
        let broken = SpectrogramImage(rows: 2, cols: 2, values: [.nan, .infinity, 1, 2])
        let levels = SpectrogramRenderer.levels(of: broken, height: 1, width: 2, levels: 5)
        // Mel row 1 (upper halves) is [1, 2], the finite range; row 0 is [NaN, inf]: the lowest colour.
        XCTAssertEqual(levels[0][0].upper, 0)
        XCTAssertEqual(levels[0][1].upper, 4)
        XCTAssertEqual(levels[0][0].lower, 0)
        XCTAssertEqual(levels[0][1].lower, 0)
        let allNaN = SpectrogramImage(rows: 1, cols: 1, values: [.nan])
        XCTAssertEqual(SpectrogramRenderer.levels(of: allNaN, height: 3, width: 4, levels: 5)[2][3].upper, 0)
        XCTAssertTrue(SpectrogramRenderer.levels(of: flat, height: 0, width: 3, levels: 5).isEmpty)
    }

    func testResamplesToTheCellGridAndDrawsGradientColours() {
        let image = SpectrogramImage(rows: 80, cols: 256, values: (0..<(80 * 256)).map { Float($0 / 256) })
        let levels = SpectrogramRenderer.levels(of: image, height: 10, width: 64, levels: 7)
        XCTAssertEqual(levels.count, 10)
        XCTAssertEqual(levels[0].count, 64)
        XCTAssertEqual(levels[0][0].upper, 6)
        XCTAssertEqual(levels[9][63].lower, 0)
        var canvas = Canvas(rows: 10, cols: 64)
        let theme = Theme.builtInDefault
        SpectrogramRenderer.draw(image, into: &canvas, rect: canvas.bounds, theme: theme)
        XCTAssertEqual(canvas[0, 0].character, "▀")
        XCTAssertEqual(canvas[0, 0].style.foreground, theme.spectrogram[6])
        XCTAssertEqual(canvas[9, 0].style.background, theme.spectrogram[0])
    }

    func testImageFromTensorsOfPreviewShapes() {
        let tensor = Tensor(shape: [1, 2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let image = SpectrogramImage(tensor: tensor)
        XCTAssertEqual(image?.rows, 2)
        XCTAssertEqual(image?.cols, 3)
        XCTAssertEqual(image?[1, 0], 4)
        XCTAssertNil(SpectrogramImage(tensor: Tensor(shape: [2, 2, 2], scalars: Array(repeating: 0, count: 8))))
        XCTAssertNil(SpectrogramImage(tensor: Tensor(shape: [4], scalars: [1, 2, 3, 4])))
    }
}
