import XCTest
@testable import StudioTUI

final class LayoutTests: XCTestCase {
    func testRegionsTileTheScreenWithoutOverlapAtEverySize() {
        for rows in [16, 17, 20, 24, 36, 50, 80, 200] {
            for cols in [50, 80, 132, 300] {
                let layout = StudioLayout(rows: rows, cols: cols)
                XCTAssertTrue(layout.fits)
                let regions = layout.regions
                XCTAssertEqual(regions.reduce(0) { $0 + $1.height }, rows, "\(rows)x\(cols)")
                for (i, a) in regions.enumerated() {
                    XCTAssertTrue(Rect(row: 0, col: 0, height: rows, width: cols).contains(a))
                    for b in regions[(i + 1)...] { XCTAssertFalse(a.intersects(b), "\(a) \(b) at \(rows)x\(cols)") }
                }
                XCTAssertGreaterThanOrEqual(layout.spectrogram.height, 3)
                XCTAssertLessThanOrEqual(layout.spectrogram.height, 16)
                XCTAssertGreaterThanOrEqual(layout.takes.height, 2)
                XCTAssertEqual(layout.status.row, rows - 1)
                XCTAssertEqual(layout.playback.row, rows - 2)
            }
        }
    }

    func testSmallTerminalsDoNotFitAndDoNotCrash() {
        for (rows, cols) in [(0, 0), (1, 1), (15, 80), (40, 49), (3, 200)] {
            let layout = StudioLayout(rows: rows, cols: cols)
            XCTAssertFalse(layout.fits)
            let frame = MainView.render(StudioViewModel(), theme: .builtInDefault, rows: rows, cols: cols)
            XCTAssertEqual(frame.canvas.rows, rows)
            if rows > 0, cols >= 10 { XCTAssertTrue(frame.canvas.text.contains("needs")) }
        }
    }

    func testListViewportKeepsTheSelectionInView() {
        XCTAssertEqual(ListViewport.firstVisible(selected: 3, count: 5, height: 10, previousFirst: 4), 0)
        XCTAssertEqual(ListViewport.firstVisible(selected: 0, count: 0, height: 0, previousFirst: 0), 0)
        XCTAssertEqual(ListViewport.firstVisible(selected: 19, count: 20, height: 5, previousFirst: 0), 15)
        XCTAssertEqual(ListViewport.firstVisible(selected: 16, count: 20, height: 5, previousFirst: 15), 15)
        XCTAssertEqual(ListViewport.firstVisible(selected: 2, count: 20, height: 5, previousFirst: 15), 2)
        XCTAssertEqual(ListViewport.firstVisible(selected: nil, count: 20, height: 5, previousFirst: 30), 15)
        for count in [0, 1, 2, 3, 5, 10] {
            for height in [1, 2, 3, 5] {
                for selected in 0..<max(count, 1) where count > 0 {
                    let first = ListViewport.firstVisible(selected: selected, count: count, height: height, previousFirst: 0)
                    XCTAssertTrue((first..<first + height).contains(selected))
                    XCTAssertGreaterThanOrEqual(first, 0)
                }
            }
        }
    }

    func testDisplayWidthCountsWideCharactersAndTruncates() {
        setlocale(LC_ALL, "C.UTF-8")
        XCTAssertEqual(DisplayWidth.of("abc"), 3)
        XCTAssertEqual(DisplayWidth.of("雨の音"), 6)
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)
        XCTAssertEqual(DisplayWidth.truncate("abcdef", toWidth: 4), "abc…")
        XCTAssertEqual(DisplayWidth.truncate("雨の音", toWidth: 4), "雨…")
        XCTAssertEqual(DisplayWidth.pad("ab", toWidth: 4), "ab  ")
        XCTAssertEqual(DisplayWidth.tail("abcdef", width: 2), "ef")
        var canvas = Canvas(rows: 1, cols: 5)
        let end = canvas.put("雨の音", row: 0, col: 0, style: .plain)
        XCTAssertEqual(end, 4)
        XCTAssertEqual(canvas.text(row: 0), "雨の")
    }
}
