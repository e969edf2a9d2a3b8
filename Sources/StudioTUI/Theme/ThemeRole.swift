/// What a colour is for. Raw values are the keys in theme files.
public enum ThemeRole: String, Sendable, CaseIterable {
    case background
    case text
    /// Secondary text: timings, paths, hints.
    case dimText = "dim_text"
    /// Headings, the focused pane's border, the selected mode.
    case accent
    case statusForeground = "status_fg"
    case statusBackground = "status_bg"
    case selectionForeground = "selection_fg"
    case selectionBackground = "selection_bg"
    /// The filled part of progress bars (denoising steps, playback position).
    case progress
    case error
    case warning
    /// The star of favourite takes.
    case favourite
}
