import Foundation

/// The labelled time axis under a spectrogram: ticks at a round step ("0s", "0.5s", "1s", ...)
/// placed at the column the playhead would take at that time, spaced so that labels never touch.
/// Pure: the text for a width and a length.
public enum TimeAxis {
    /// Steps tried, in seconds, smallest first.
    static let steps: [Double] = [0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60]

    /// A line of exactly `width` columns (ASCII), or nil when `duration` is not a length.
    public static func line(duration: Double, width: Int) -> String? {
        guard width > 0, duration > 0, duration.isFinite else { return nil }
        // The longest label plus two spaces between neighbours.
        let room = label(duration).count + 2
        let step = steps.first { Double(width) * $0 / duration >= Double(room) } ?? duration
        var cells = [Character](repeating: " ", count: width)
        var tick = 0.0
        var index = 0
        while tick <= duration + 1e-9 {
            let text = label(tick)
            // Labels start at their tick, except where that would run off the right edge.
            let start = min(Playhead.column(position: tick, duration: duration, width: width) ?? 0, width - text.count)
            if start >= 0, cells[start..<min(start + text.count, width)].allSatisfy({ $0 == " " }),
               start == 0 || cells[start - 1] == " " {
                for (offset, character) in text.enumerated() where start + offset < width { cells[start + offset] = character }
            }
            index += 1
            tick = Double(index) * step
        }
        return String(cells)
    }

    /// "0s", "0.25s", "1.5s", "12s": as few digits as the value needs.
    static func label(_ seconds: Double) -> String {
        let hundredths = Int((seconds * 100).rounded())
        if hundredths % 100 == 0 { return "\(hundredths / 100)s" }
        if hundredths % 10 == 0 { return String(format: "%.1fs", Double(hundredths) / 100) }
        return String(format: "%.2fs", Double(hundredths) / 100)
    }
}
