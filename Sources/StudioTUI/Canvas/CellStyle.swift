/// How one cell is drawn: theme colours (approximated to what the terminal shows when flushed)
/// and text attributes.
public struct CellStyle: Sendable, Hashable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                bold: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground; self.background = background
        self.bold = bold; self.underline = underline; self.reverse = reverse
    }

    public static let plain = CellStyle()

    /// The same style, bold.
    public var bolded: CellStyle { var s = self; s.bold = true; return s }
}
