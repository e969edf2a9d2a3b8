import Foundation

/// The theme to use, where it came from, and what the user should be told about it.
public struct ThemeLoadResult: Sendable, Equatable {
    public var theme: Theme
    /// The file it was read from; nil for the built-in theme.
    public var file: URL?
    /// Problems met on the way, for the status line ("dark.theme:12: ...; using the built-in
    /// theme"); empty when the theme loaded as asked.
    public var messages: [String]
}
