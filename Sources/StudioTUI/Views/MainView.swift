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
    /// (a path) is cut across lines.
    static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(width, 1)
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ").map(String.init) {
            var word = word
            if !line.isEmpty, DisplayWidth.of(line) + 1 + DisplayWidth.of(word) > width {
                lines.append(line); line = ""
            }
            while DisplayWidth.of(line) + (line.isEmpty ? 0 : 1) + DisplayWidth.of(word) > width {
                let room = width - DisplayWidth.of(line) - (line.isEmpty ? 0 : 1)
                let head = DisplayWidth.truncate(word, toWidth: room, ellipsis: false)
                guard !head.isEmpty else { lines.append(line); line = ""; continue }
                lines.append(line.isEmpty ? head : line + " " + head)
                line = ""
                word = String(word.dropFirst(head.count))
            }
            if !word.isEmpty { line += (line.isEmpty ? "" : " ") + word }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
