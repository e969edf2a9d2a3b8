/// A rectangle of terminal cells: `row`, `col` of the top-left cell, `height` rows, `width` columns.
public struct Rect: Sendable, Equatable, CustomStringConvertible {
    public var row: Int
    public var col: Int
    public var height: Int
    public var width: Int

    public init(row: Int, col: Int, height: Int, width: Int) {
        self.row = row; self.col = col; self.height = max(height, 0); self.width = max(width, 0)
    }

    public static let empty = Rect(row: 0, col: 0, height: 0, width: 0)

    public var isEmpty: Bool { height == 0 || width == 0 }
    /// One past the last row.
    public var bottom: Int { row + height }
    /// One past the last column.
    public var right: Int { col + width }

    public func intersects(_ other: Rect) -> Bool {
        !isEmpty && !other.isEmpty && row < other.bottom && other.row < bottom && col < other.right && other.col < right
    }

    public func contains(_ other: Rect) -> Bool {
        other.isEmpty || (other.row >= row && other.bottom <= bottom && other.col >= col && other.right <= right)
    }

    /// The rectangle without `n` cells on every side.
    public func inset(by n: Int) -> Rect {
        Rect(row: row + n, col: col + n, height: height - 2 * n, width: width - 2 * n)
    }

    public var description: String { "\(height)x\(width)@\(row),\(col)" }
}
