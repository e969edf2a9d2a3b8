import Foundation

/// Number and time formats shared by the views.
enum Format {
    /// "0:04.2" (minutes, seconds, tenths).
    static func clock(_ seconds: Double) -> String {
        let safe = seconds.isFinite ? max(seconds, 0) : 0
        let tenths = Int((safe * 10).rounded(.down))
        return String(format: "%d:%02d.%d", tenths / 600, tenths / 10 % 60, tenths % 10)
    }

    /// "0.4 s", "12 s", "2 min 05 s".
    static func seconds(_ seconds: Double) -> String {
        let safe = seconds.isFinite ? max(seconds, 0) : 0
        if safe < 10 { return String(format: "%.1f s", safe) }
        if safe < 60 { return String(format: "%.0f s", safe) }
        let whole = Int(safe.rounded())
        return String(format: "%d min %02d s", whole / 60, whole % 60)
    }

    /// A Float setting without noise: 3 -> "3", 0.5 -> "0.5", 0.30000001 -> "0.3".
    static func number(_ value: Float) -> String { OptionKind.format((Double(value) * 1e4).rounded() / 1e4) }

    /// A horizontal bar of `width` cells, `fraction` filled, with eighth blocks at the edge.
    static func bar(_ fraction: Double, width: Int) -> (filled: String, empty: String) {
        guard width > 0 else { return ("", "") }
        let clamped = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let eighths = Int((clamped * Double(width * 8)).rounded(.down))
        let full = eighths / 8
        let partial = eighths % 8
        let partials: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var filled = String(repeating: "█", count: full)
        if partial > 0, full < width { filled.append(partials[partial]) }
        let used = full + (partial > 0 && full < width ? 1 : 0)
        return (filled, String(repeating: "░", count: width - used))
    }
}
