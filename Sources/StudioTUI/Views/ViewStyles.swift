/// The cell styles views draw with, from a theme's roles.
public struct ViewStyles: Sendable, Equatable {
    public let theme: Theme
    public let base: CellStyle
    public let dim: CellStyle
    public let accent: CellStyle
    public let bar: CellStyle
    public let barAccent: CellStyle
    public let selection: CellStyle
    public let progress: CellStyle
    public let error: CellStyle
    public let warning: CellStyle
    public let favourite: CellStyle

    public init(theme: Theme) {
        self.theme = theme
        let background = theme[.background]
        base = CellStyle(foreground: theme[.text], background: background)
        dim = CellStyle(foreground: theme[.dimText], background: background)
        accent = CellStyle(foreground: theme[.accent], background: background, bold: true)
        bar = CellStyle(foreground: theme[.statusForeground], background: theme[.statusBackground])
        // Themes may give the bar the accent colour (light does), so bold bar text, not accent.
        barAccent = CellStyle(foreground: theme[.statusForeground], background: theme[.statusBackground], bold: true)
        selection = CellStyle(foreground: theme[.selectionForeground], background: theme[.selectionBackground])
        progress = CellStyle(foreground: theme[.progress], background: background)
        error = CellStyle(foreground: theme[.error], background: background, bold: true)
        warning = CellStyle(foreground: theme[.warning], background: background)
        favourite = CellStyle(foreground: theme[.favourite], background: background, bold: true)
    }

    /// `style` with the status bar's background, for messages drawn on it.
    func onBar(_ style: CellStyle) -> CellStyle {
        var s = style
        s.background = theme[.statusBackground]
        return s
    }
}
