/// The studio's colours: one per `ThemeRole`, plus the spectrogram's gradient from low to high
/// energy. Read from plain-text `.theme` files (see `Theme.parse(text:source:)` and `themes/`).
public struct Theme: Sendable, Equatable {
    /// Fewest and most colours in a spectrogram gradient: fewer look banded, and more cannot be
    /// told apart in a terminal cell.
    public static let gradientLengths = 5...9

    /// The file's name without `.theme`, or "default" for the built-in theme.
    public var name: String
    /// A colour for every role.
    public var colors: [ThemeRole: ThemeColor]
    /// Low to high energy.
    public var spectrogram: [ThemeColor]

    public init(name: String, colors: [ThemeRole: ThemeColor], spectrogram: [ThemeColor]) {
        self.name = name
        self.colors = colors
        self.spectrogram = spectrogram
    }

    public subscript(role: ThemeRole) -> ThemeColor { colors[role] ?? .terminalDefault }

    /// The gradient colour for an energy level in 0...1 (clamped).
    public func spectrogramColor(level: Double) -> ThemeColor {
        guard let last = spectrogram.indices.last else { return .terminalDefault }
        let clamped = level.isNaN ? 0 : min(max(level, 0), 1)
        return spectrogram[Int((clamped * Double(last)).rounded())]
    }
}
