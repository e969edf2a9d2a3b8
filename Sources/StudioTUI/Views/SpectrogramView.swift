/// The current mel estimate while generating (it sharpens step by step), else the selected
/// take's mel, with a caption in the corner. A take's mel has its time axis on the bottom row and,
/// while that take plays, a playhead column at the position heard.
enum SpectrogramView {
    /// The playhead's character: a thin bar stays readable over any colour of the gradient.
    static let playheadCharacter: Character = "┃"

    static func draw(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect, styles: ViewStyles) {
        canvas.fill(rect, style: styles.base)
        guard !rect.isEmpty else { return }
        if let image = model.spectrogram {
            // The axis takes a row only when the picture keeps at least two.
            let axis = model.spectrogramSeconds.flatMap { rect.height >= 3 ? TimeAxis.line(duration: $0, width: rect.width) : nil }
            let picture = Rect(row: rect.row, col: rect.col, height: rect.height - (axis == nil ? 0 : 1), width: rect.width)
            SpectrogramRenderer.draw(image, into: &canvas, rect: picture, theme: styles.theme)
            if let axis { canvas.put(axis, row: picture.bottom, col: rect.col, style: styles.dim, limit: rect.width) }
            if let seconds = model.spectrogramSeconds, let position = model.playheadPosition,
               let column = Playhead.column(position: position, duration: seconds, width: picture.width) {
                let style = CellStyle(foreground: styles.theme[.text], background: styles.theme[.background], bold: true)
                for row in picture.row..<picture.bottom {
                    canvas.set(row: row, col: picture.col + column, character: playheadCharacter, style: style)
                }
            }
        } else {
            let text = model.spectrogramCaption.isEmpty ? "no spectrogram to show: it appears while a take is generated"
                : "no spectrogram to show"
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
