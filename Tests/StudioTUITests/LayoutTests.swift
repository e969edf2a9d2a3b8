import XCTest
@testable import StudioTUI

final class LayoutTests: XCTestCase {
    func testRegionsTileTheScreenWithoutOverlapAtEverySize() {
        for rows in [16, 17, 20, 24, 36, 50, 80, 200] {
            for (cols, statusRows) in [(50, 1), (80, 2), (132, 3), (300, 1), (80, 9)] {
                let layout = StudioLayout(rows: rows, cols: cols, statusRows: statusRows)
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
                XCTAssertEqual(layout.status.bottom, rows)
                XCTAssertEqual(layout.status.height, min(statusRows, 3))
                XCTAssertEqual(layout.playback.bottom, layout.status.row)
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

    func testLongMessagesWrapOverUpToThreeStatusRows() {
        XCTAssertEqual(MainView.wrap("aa bb cc", width: 5), ["aa bb", "cc"])
        XCTAssertEqual(MainView.wrap("abcdefghij", width: 4), ["abcd", "efgh", "ij"])
        XCTAssertEqual(MainView.wrap("x /a/very/long/path", width: 6), ["x", "/a/ver", "y/long", "/path"])
        for width in 1...12 {
            for line in MainView.wrap("no theme \"x\" in /root/.config/clipsonic/themes; using the built-in", width: width) {
                XCTAssertLessThanOrEqual(DisplayWidth.of(line), width)
            }
        }
        var model = StudioViewModel()
        model.status = .init(text: String(repeating: "word ", count: 30) + "END", severity: .warning)
        let canvas = MainView.render(model, theme: .builtInDefault, rows: 24, cols: 60).canvas
        XCTAssertTrue(canvas.text(row: 23).hasSuffix("END"), canvas.text)
        XCTAssertTrue(canvas.text(row: 21).hasPrefix(" word"), canvas.text)
        XCTAssertTrue(canvas.text(row: 20).contains("stopped"), canvas.text)
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

final class TakeColumnTests: XCTestCase {
    func testThePromptKeepsItsRoomAndOtherColumnsGiveWayInOrder() {
        // With and without the score column (shown when the bundle's audio encoder scores takes).
        for showsScore in [false, true] {
            let all = TakeColumn.drawingOrder.filter { showsScore || $0 != .score }
            let order = TakeColumn.hidingOrder.filter { showsScore || $0 != .score }
            var previous = all
            for width in stride(from: 200, through: 20, by: -1) {
                let (columns, promptWidth) = TakeColumn.layout(width: width, showsScore: showsScore)
                XCTAssertEqual(columns.last, .prompt)
                for kept in [TakeColumn.number, .marks, .mode] { XCTAssertTrue(columns.contains(kept), "\(kept) at \(width)") }
                let used = columns.filter { $0 != .prompt }.reduce(0) { $0 + $1.width + 1 }
                XCTAssertEqual(used + promptWidth, max(width, used), "width \(width)")
                if promptWidth < TakeColumn.minimumPromptWidth {
                    XCTAssertEqual(Set(columns), [.number, .marks, .mode, .prompt], "a column kept at \(width) while the prompt starves")
                }
                // Narrower never shows a column that wider hid, and hides in the stated order.
                XCTAssertTrue(Set(columns).isSubset(of: Set(previous)), "width \(width)")
                let hidden = order.filter { !columns.contains($0) }
                XCTAssertEqual(hidden, Array(order.prefix(hidden.count)), "width \(width)")
                previous = columns
            }
            XCTAssertEqual(TakeColumn.layout(width: 130, showsScore: showsScore).columns, all)
        }
        let at80 = TakeColumn.layout(width: 80)
        XCTAssertEqual(at80.columns, [.number, .marks, .pair, .mode, .seed, .guidance, .steps, .length, .prompt])
        XCTAssertGreaterThanOrEqual(at80.promptWidth, TakeColumn.minimumPromptWidth)
        // At 80 columns a scored list keeps the score rather than guidance and steps.
        let scored = TakeColumn.layout(width: 80, showsScore: true)
        XCTAssertEqual(scored.columns, [.number, .marks, .pair, .mode, .score, .seed, .length, .prompt])
        XCTAssertGreaterThanOrEqual(scored.promptWidth, TakeColumn.minimumPromptWidth)
    }

    func testAt80By24TheTakeListShowsThePrompt() throws {
        let h = try StudioHarness()
        h.studio.execute("set prompt=three dogs barking in the rain")
        h.studio.execute("set steps=2")
        h.studio.execute("set autoplay=off")
        h.press("g")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 1 })
        let screen = h.screen(rows: 24, cols: 80)
        XCTAssertTrue(screen.contains("three dogs barking in the rain"), screen.text)
        XCTAssertTrue(screen.contains("   # ★ r group mode      seed       guid  steps  length prompt"), screen.text)
    }
}
