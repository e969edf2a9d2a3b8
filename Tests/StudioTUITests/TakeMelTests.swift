import Foundation
import Playback
import Session
import XCTest
@testable import StudioTUI

final class TakeMelTests: XCTestCase {
    func testPlayheadColumnCoversThePositionHeard() {
        XCTAssertEqual(Playhead.column(position: 0, duration: 2, width: 100), 0)
        XCTAssertEqual(Playhead.column(position: 1, duration: 2, width: 100), 50)
        XCTAssertEqual(Playhead.column(position: 0.999, duration: 2, width: 100), 49)
        // The very end, and past it, stay on the last column; before the start, on the first.
        XCTAssertEqual(Playhead.column(position: 2, duration: 2, width: 100), 99)
        XCTAssertEqual(Playhead.column(position: 5, duration: 2, width: 100), 99)
        XCTAssertEqual(Playhead.column(position: -1, duration: 2, width: 100), 0)
        XCTAssertEqual(Playhead.column(position: 0.5, duration: 2.048, width: 1), 0)
        XCTAssertNil(Playhead.column(position: 1, duration: 0, width: 10))
        XCTAssertNil(Playhead.column(position: .nan, duration: 2, width: 10))
        XCTAssertNil(Playhead.column(position: 1, duration: .infinity, width: 10))
        XCTAssertNil(Playhead.column(position: 1, duration: 2, width: 0))
    }

    func testTimeAxisLabelsRoundTicksWhereThePlayheadWouldBe() throws {
        let line = try XCTUnwrap(TimeAxis.line(duration: 2.048, width: 120))
        XCTAssertEqual(line.count, 120)
        XCTAssertTrue(line.hasPrefix("0s "), line)
        // 0.2 s steps fit at 120 columns: the 1 s tick sits at the playhead's column for 1 s.
        let one = try XCTUnwrap(Playhead.column(position: 1, duration: 2.048, width: 120))
        XCTAssertEqual(String(Array(line)[one..<(one + 2)]), "1s", line)
        XCTAssertTrue(line.contains(" 0.2s "), line)
        XCTAssertFalse(line.contains("0.1s"), "ticks closer than their labels")
        // Narrow: fewer, coarser ticks, never touching.
        let narrow = try XCTUnwrap(TimeAxis.line(duration: 2.048, width: 20))
        XCTAssertEqual(narrow.count, 20)
        XCTAssertTrue(narrow.hasPrefix("0s"), narrow)
        XCTAssertFalse(narrow.contains("0.2s"), narrow)
        XCTAssertEqual(TimeAxis.line(duration: 8, width: 60)?.contains("4s"), true)
        XCTAssertNil(TimeAxis.line(duration: 0, width: 10))
        XCTAssertEqual(TimeAxis.line(duration: 1, width: 1)?.count, 1)
        XCTAssertEqual(TimeAxis.label(0.5), "0.5s")
        XCTAssertEqual(TimeAxis.label(0.25), "0.25s")
        XCTAssertEqual(TimeAxis.label(12), "12s")
    }

    func testMelFromAudioShowsWhereTheEnergyIs() throws {
        func tone(_ frequency: Double, seconds: Double = 2.048) -> AudioBuffer {
            let count = Int(seconds * 16_000)
            return AudioBuffer(samples: (0..<count).map { Float(0.4 * sin(2 * .pi * frequency * Double($0) / 16_000)) },
                               sampleRate: 16_000)
        }
        let low = try TakeMel.image(of: tone(300))
        let high = try TakeMel.image(of: tone(3_000))
        XCTAssertEqual(low.rows, 80)
        // models/mini's framing at 16 kHz: hop 256, so 2.048 s is 128 frames (less the edge).
        XCTAssertEqual(TakeMel.configuration(sampleRate: 16_000).hopSize, 256)
        XCTAssertGreaterThan(low.cols, 120)
        func loudestBand(_ image: SpectrogramImage) -> Int {
            (0..<image.rows).max { image[$0, image.cols / 2] < image[$1, image.cols / 2] } ?? -1
        }
        XCTAssertLessThan(loudestBand(low), loudestBand(high))
        XCTAssertThrowsError(try TakeMel.image(of: AudioBuffer(samples: [0, 0, 0], sampleRate: 16_000))) { error in
            XCTAssertTrue("\(error)".contains("too few"), "\(error)")
        }
        // What selecting a take costs, the first time (the figure is in docs/studio.md).
        for seconds in [2.048, 8.0] {
            let buffer = tone(440, seconds: seconds)
            let start = Date()
            _ = try TakeMel.image(of: buffer)
            print(String(format: "TakeMelTests: mel of %.3f s of audio in %.1f ms", seconds, Date().timeIntervalSince(start) * 1000))
        }
    }

    func testTheLiveEstimateShowsWhileGeneratingThenTheSelectedTakesMel() throws {
        let h = try StudioHarness(generator: FakeGenerator(seconds: 1, stepDelay: 0.05))
        h.studio.execute("set prompt=hum")
        h.studio.execute("set steps=10")
        h.studio.execute("set autoplay=off")
        h.press("g")
        XCTAssertTrue(h.waitFor { h.studio.progress?.step ?? 0 >= 2 })
        let during = h.studio.viewModel(rows: 30, cols: 120)
        XCTAssertTrue(during.spectrogramCaption.hasPrefix("mel estimate, step"), during.spectrogramCaption)
        XCTAssertNil(during.spectrogramSeconds, "an estimate has no time axis of its own")
        XCTAssertTrue(h.waitFor { h.store.session.takes.count == 1 && !h.studio.isGenerating })
        let after = h.studio.viewModel(rows: 30, cols: 120)
        XCTAssertEqual(after.spectrogramCaption, "take 1 mel")
        XCTAssertEqual(after.spectrogramSeconds ?? 0, 1, accuracy: 0.001)
        XCTAssertNotEqual(after.spectrogram, during.spectrogram)
    }

    func testReopenedSessionShowsEachSelectedTakesOwnMelWithAxisAndPlayhead() throws {
        let folder: URL
        do {
            let h = try StudioHarness(generator: FakeGenerator(seconds: 2))
            folder = h.folder
            h.studio.execute("set prompt=a low and a high hum")
            h.studio.execute("set steps=2")
            h.studio.execute("set autoplay=off")
            h.studio.execute("set seed=0")
            h.press("g")
            XCTAssertTrue(h.waitFor { h.store.session.takes.count == 1 })
            h.studio.execute("set seed=90")
            h.press("g")
            XCTAssertTrue(h.waitFor { h.store.session.takes.count == 2 })
        }
        let h = try StudioHarness(folder: folder)
        h.studio.execute("select-take 1")
        let first = h.studio.viewModel(rows: 30, cols: 120)
        XCTAssertEqual(first.spectrogramCaption, "take 1 mel")
        let firstScreen = h.screen()
        h.studio.execute("select-take 2")
        let second = h.studio.viewModel(rows: 30, cols: 120)
        XCTAssertEqual(second.spectrogramCaption, "take 2 mel")
        XCTAssertNotNil(first.spectrogram)
        XCTAssertNotEqual(first.spectrogram, second.spectrogram, "two takes of different pitch show one picture")
        let secondScreen = h.screen()
        let layout = StudioLayout(rows: 30, cols: 120)
        let rows = layout.spectrogram.row..<(layout.spectrogram.bottom - 1)
        XCTAssertTrue(rows.contains { row in (0..<120).contains { firstScreen[row, $0] != secondScreen[row, $0] } })
        XCTAssertTrue(secondScreen.text(row: layout.spectrogram.bottom - 1).hasPrefix("0s"), secondScreen.text)
        XCTAssertEqual(second.spectrogramSeconds ?? 0, 2, accuracy: 0.001)

        // The playhead follows the player: two readings half a second apart, two columns.
        XCTAssertNil(second.playheadPosition)
        h.press("enter")
        Thread.sleep(forTimeInterval: 0.3)
        let early = h.screen()
        Thread.sleep(forTimeInterval: 0.6)
        let later = h.screen()
        func playheadColumn(_ canvas: Canvas) -> Int? {
            (0..<120).first { canvas[layout.spectrogram.row + 1, $0].character == SpectrogramView.playheadCharacter }
        }
        let a = try XCTUnwrap(playheadColumn(early), early.text)
        let b = try XCTUnwrap(playheadColumn(later), later.text)
        XCTAssertGreaterThan(b, a)
        h.press("v")
    }
}
