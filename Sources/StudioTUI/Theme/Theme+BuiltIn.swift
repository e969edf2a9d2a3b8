extension Theme {
    /// The theme used when none is chosen or a theme file cannot be used. The same colours as
    /// `themes/dark.theme` (a test holds them equal), compiled in so the studio never starts
    /// without colours.
    public static let builtInDefault = Theme(
        name: "default",
        colors: [
            .background: .terminalDefault,
            .text: .ansi(7),
            .dimText: .indexed(244),
            .accent: .indexed(75),
            .statusForeground: .indexed(252),
            .statusBackground: .indexed(236),
            .selectionForeground: .ansi(0),
            .selectionBackground: .indexed(75),
            .progress: .indexed(71),
            .error: .ansi(9),
            .warning: .indexed(214),
            .favourite: .indexed(220),
        ],
        // Matplotlib's "magma" at seven stops.
        spectrogram: [
            .rgb(red: 0x00, green: 0x00, blue: 0x04), .rgb(red: 0x2c, green: 0x11, blue: 0x5f),
            .rgb(red: 0x72, green: 0x1f, blue: 0x81), .rgb(red: 0xb7, green: 0x37, blue: 0x79),
            .rgb(red: 0xf1, green: 0x60, blue: 0x5d), .rgb(red: 0xfe, green: 0xb0, blue: 0x78),
            .rgb(red: 0xfc, green: 0xfd, blue: 0xbf),
        ])
}
