/// Writes styled pieces of text one after another along a row, clipped to a rectangle's width.
struct SpanWriter {
    let row: Int
    let start: Int
    let end: Int
    private(set) var col: Int

    init(rect: Rect, row: Int? = nil) {
        self.row = row ?? rect.row
        start = rect.col
        end = rect.right
        col = rect.col
    }

    var remaining: Int { max(end - col, 0) }

    mutating func write(_ text: String, _ style: CellStyle, into canvas: inout Canvas) {
        guard remaining > 0 else { return }
        col = canvas.put(text, row: row, col: col, style: style, limit: remaining)
    }

    /// Moves to `column` (relative to the start) if not already past it.
    mutating func skip(to column: Int) { col = max(col, min(start + column, end)) }
}
