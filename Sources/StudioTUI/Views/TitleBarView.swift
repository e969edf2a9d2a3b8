/// Row 0: the studio's name, the session, the bundle and the engine's state.
enum TitleBarView {
    static func draw(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect, styles: ViewStyles) {
        canvas.fill(rect, style: styles.bar)
        var writer = SpanWriter(rect: rect)
        writer.write(" CLIPSonic Studio ", styles.barAccent, into: &canvas)
        writer.write(" session \(model.sessionName)  bundle \(model.bundleName)  ", styles.bar, into: &canvas)
        switch model.engineState {
        case .loading: writer.write("engine loading…", styles.onBar(styles.warning), into: &canvas)
        case .ready: writer.write("engine ready", styles.bar, into: &canvas)
        case .failed: writer.write("engine unavailable", styles.onBar(styles.error), into: &canvas)
        }
        let help = " ? help "
        if writer.remaining > DisplayWidth.of(help) {
            canvas.put(help, row: rect.row, col: rect.right - DisplayWidth.of(help), style: styles.bar)
        }
    }
}
