/// The last row: the input line while editing, else the latest message, else key hints.
enum StatusLineView {
    /// Rows a message needs, wrapped at word boundaries (up to `StudioLayout.maximumStatusRows`).
    static func rowsNeeded(_ model: StudioViewModel, cols: Int) -> Int {
        guard model.input == nil, let status = model.status, cols > 2 else { return 1 }
        return MainView.wrap(status.text, width: cols - 2, maximumLines: StudioLayout.maximumStatusRows).count
    }

    /// Returns the cursor position when the input line is open.
    static func draw(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect,
                     styles: ViewStyles) -> (row: Int, col: Int)? {
        canvas.fill(rect, style: styles.base)
        var writer = SpanWriter(rect: rect)
        if let input = model.input {
            writer.write(input.label, styles.accent, into: &canvas)
            let shown = input.editor.visible(width: writer.remaining)
            let start = writer.col
            writer.write(shown.text, styles.base, into: &canvas)
            return (rect.row, min(start + shown.cursorColumn, rect.right - 1))
        }
        if let status = model.status {
            let style: CellStyle
            switch status.severity {
            case .info: style = styles.base
            case .warning: style = styles.warning
            case .error: style = styles.error
            }
            let lines = MainView.wrap(status.text, width: max(rect.width - 2, 1), maximumLines: rect.height)
            for (offset, line) in lines.enumerated() {
                canvas.put(" " + line, row: rect.row + offset, col: rect.col, style: style, limit: rect.width)
            }
        } else {
            writer.write(" " + model.hints, styles.dim, into: &canvas)
        }
        return nil
    }
}
