/// The whole screen: every part drawn into its `StudioLayout` rectangle, the help overlay on
/// top. Returns the canvas and where the terminal cursor goes (only while typing).
public enum MainView {
    public static func render(_ model: StudioViewModel, theme: Theme, rows: Int,
                              cols: Int) -> (canvas: Canvas, cursor: (row: Int, col: Int)?) {
        let styles = ViewStyles(theme: theme)
        var canvas = Canvas(rows: rows, cols: cols, style: styles.base)
        let layout = StudioLayout(rows: rows, cols: cols, statusRows: StatusLineView.rowsNeeded(model, cols: cols))
        guard layout.fits else {
            let message = "CLIPSonic Studio needs \(StudioLayout.minimumCols)×\(StudioLayout.minimumRows); "
                + "this terminal is \(cols)×\(rows)"
            for (offset, line) in wrap(message, width: max(cols, 1)).enumerated() {
                canvas.put(line, row: offset, col: 0, style: styles.warning)
            }
            return (canvas, nil)
        }
        TitleBarView.draw(model, into: &canvas, rect: layout.title, styles: styles)
        SettingsView.drawPrompt(model, into: &canvas, rect: layout.prompt, styles: styles)
        SettingsView.drawConditioning(model, into: &canvas, rect: layout.conditioning, styles: styles)
        SettingsView.drawParameters(model, into: &canvas, rect: layout.parameters, styles: styles)
        ProgressView.draw(model, into: &canvas, rect: layout.progress, styles: styles)
        SpectrogramView.draw(model, into: &canvas, rect: layout.spectrogram, styles: styles)
        ABBarView.draw(model, into: &canvas, rect: layout.abBar, styles: styles)
        TakeListView.drawHeader(model, into: &canvas, rect: layout.takeHeader, styles: styles)
        TakeListView.draw(model, into: &canvas, rect: layout.takes, styles: styles)
        PlaybackView.draw(model, into: &canvas, rect: layout.playback, styles: styles)
        let cursor = StatusLineView.draw(model, into: &canvas, rect: layout.status, styles: styles)
        if let help = model.help {
            let area = Rect(row: 1, col: 0, height: rows - 2, width: cols)
            HelpOverlayView.draw(lines: help, scroll: model.helpScroll, into: &canvas, bounds: area, styles: styles)
        }
        return (canvas, cursor)
    }

    /// Rows of the take list, for keeping the selection in view.
    public static func takeRows(_ model: StudioViewModel, rows: Int, cols: Int) -> Int {
        StudioLayout(rows: rows, cols: cols, statusRows: StatusLineView.rowsNeeded(model, cols: cols)).takes.height
    }

    /// `text` in lines of at most `width` columns, broken at spaces; a word longer than a line
    /// (a path) is cut across lines. Stops after `maximumLines`. One pass over the text, each
    /// character measured once, so a message quoting a huge input cannot stall a frame.
    static func wrap(_ text: String, width: Int, maximumLines: Int = .max) -> [String] {
        let width = max(width, 1)
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        func flush() {
            lines.append(line)
            line = ""
            lineWidth = 0
        }
        for word in text.split(separator: " ") {
            if lines.count >= maximumLines { break }
            let wordWidth = DisplayWidth.of(String(word))
            if !line.isEmpty, lineWidth + 1 + wordWidth > width { flush() }
            if wordWidth <= width - lineWidth - (line.isEmpty ? 0 : 1) {
                if !line.isEmpty { line += " "; lineWidth += 1 }
                line += word
                lineWidth += wordWidth
                continue
            }
            // Longer than a whole line: cut it, character by character, into full lines. A
            // character wider than the line gets a line of its own.
            for character in word {
                let characterWidth = DisplayWidth.of(character)
                if lineWidth + characterWidth > width, !line.isEmpty {
                    flush()
                    if lines.count >= maximumLines { break }
                }
                line.append(character)
                lineWidth += characterWidth
            }
        }
        if !line.isEmpty, lines.count < maximumLines { lines.append(line) }
        return lines
    }
}
