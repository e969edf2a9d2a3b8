/// Row 0: the studio's name, the session and the bundle on the left; "NOT SAVED" while the last
/// save failed, the engine's state and the help key on the right, kept whole when a long session
/// path has to be cut.
enum TitleBarView {
    static func draw(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect, styles: ViewStyles) {
        canvas.fill(rect, style: styles.bar)
        let engine: (String, CellStyle)
        switch model.engineState {
        case .loading: engine = ("engine loading…", styles.onBar(styles.warning))
        case .ready: engine = ("engine ready", styles.bar)
        case .failed: engine = ("engine unavailable", styles.onBar(styles.error))
        }
        let help = "  ? help "
        // Kept on screen while the session is unsaved, as status messages come and go.
        let unsaved = model.isUnsaved ? "NOT SAVED  " : ""
        let rightWidth = DisplayWidth.of(unsaved) + DisplayWidth.of(engine.0) + DisplayWidth.of(help)
        let rightStart = max(rect.right - rightWidth, rect.col)
        var writer = SpanWriter(rect: Rect(row: rect.row, col: rect.col, height: 1, width: rightStart - rect.col - 1))
        writer.write(" CLIPSonic Studio ", styles.barAccent, into: &canvas)
        let details = " session \(model.sessionName)  bundle \(model.bundleName)"
        writer.write(DisplayWidth.truncate(details, toWidth: writer.remaining), styles.bar, into: &canvas)
        var right = SpanWriter(rect: Rect(row: rect.row, col: rightStart, height: 1, width: rect.right - rightStart))
        right.write(unsaved, styles.onBar(styles.error), into: &canvas)
        right.write(engine.0, engine.1, into: &canvas)
        right.write(help, styles.bar, into: &canvas)
    }
}
