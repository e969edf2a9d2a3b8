/// A screen's worth of cells that views draw into; the terminal then shows it (ncurses diffs it
/// against what is on screen). Tests read it back as text, so views are tested without a terminal.
/// Drawing outside the canvas is clipped, never an error.
public struct Canvas: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public private(set) var cells: [Cell]

    public init(rows: Int, cols: Int, style: CellStyle = .plain) {
        self.rows = max(rows, 0)
        self.cols = max(cols, 0)
        cells = Array(repeating: Cell(style: style), count: self.rows * self.cols)
    }

    public var bounds: Rect { Rect(row: 0, col: 0, height: rows, width: cols) }

    public subscript(row: Int, col: Int) -> Cell {
        get { cells[row * cols + col] }
        set { cells[row * cols + col] = newValue }
    }

    /// Writes `text` from (`row`, `col`) in `style`, stopping at `limit` columns (default: the
    /// canvas edge). Returns the column after the last one written.
    @discardableResult
    public mutating func put(_ text: String, row: Int, col: Int, style: CellStyle, limit: Int? = nil) -> Int {
        guard row >= 0, row < rows else { return col }
        let end = min(limit.map { col + $0 } ?? cols, cols)
        var x = col
        for character in text {
            let width = DisplayWidth.of(character)
            if width == 0 { continue }
            if x + width > end { break }
            if x >= 0 {
                self[row, x] = Cell(character: character, style: style)
                if width == 2 { self[row, x + 1] = Cell(character: " ", style: style, isContinuation: true) }
            }
            x += width
        }
        return x
    }

    /// Sets one cell (a one-column character).
    public mutating func set(row: Int, col: Int, character: Character, style: CellStyle) {
        guard row >= 0, row < rows, col >= 0, col < cols else { return }
        self[row, col] = Cell(character: character, style: style)
    }

    /// Fills `rect` (clipped) with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: CellStyle) {
        let top = max(rect.row, 0), bottom = min(rect.bottom, rows)
        let left = max(rect.col, 0), right = min(rect.right, cols)
        guard top < bottom, left < right else { return }
        for r in top..<bottom { for c in left..<right { self[r, c] = Cell(style: style) } }
    }

    /// A row as text, wide characters once, without trailing spaces: what a test compares.
    public func text(row: Int) -> String {
        guard row >= 0, row < rows else { return "" }
        var line = ""
        for c in 0..<cols where !self[row, c].isContinuation { line.append(self[row, c].character) }
        while line.last == " " { line.removeLast() }
        return line
    }

    /// The whole canvas as lines of text.
    public var text: String { (0..<rows).map { text(row: $0) }.joined(separator: "\n") }

    /// True when some row contains `needle`.
    public func contains(_ needle: String) -> Bool { (0..<rows).contains { text(row: $0).contains(needle) } }
}
