/// The current mel estimate while generating (it sharpens step by step), else the selected
/// take's mel, with a caption in the corner.
enum SpectrogramView {
    static func draw(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect, styles: ViewStyles) {
        canvas.fill(rect, style: styles.base)
        guard !rect.isEmpty else { return }
        if let image = model.spectrogram {
            SpectrogramRenderer.draw(image, into: &canvas, rect: rect, theme: styles.theme)
        } else {
            let text = "no spectrogram to show: it appears while a take is generated"
            let row = rect.row + rect.height / 2
            let col = rect.col + max((rect.width - DisplayWidth.of(text)) / 2, 0)
            canvas.put(text, row: row, col: col, style: styles.dim, limit: rect.width)
        }
        if !model.spectrogramCaption.isEmpty {
            let caption = " \(model.spectrogramCaption) "
            let width = min(DisplayWidth.of(caption), rect.width)
            canvas.put(caption, row: rect.row, col: rect.right - width, style: styles.bar, limit: width)
        }
    }
}
