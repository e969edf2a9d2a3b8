/// Where each part of the main view goes for a terminal of `rows` × `cols`; pure, so resizing is
/// tested without a terminal. Top to bottom:
///
///     title bar                                   1 row
///     prompt, conditioning, parameters            3 rows
///     progress bar                                1 row
///     spectrogram (2 mel rows per cell)           a third of what is left, 3 to 16 rows
///     A/B bar                                     1 row
///     take list (header + takes)                  the rest, at least 2 rows
///     playback line                               1 row
///     status / input line                         1 row, up to 3 for a long message
public struct StudioLayout: Sendable, Equatable {
    public static let minimumRows = 16
    public static let minimumCols = 50

    public let rows: Int
    public let cols: Int
    public let title: Rect
    public let prompt: Rect
    public let conditioning: Rect
    public let parameters: Rect
    public let progress: Rect
    public let spectrogram: Rect
    public let abBar: Rect
    public let takeHeader: Rect
    public let takes: Rect
    public let playback: Rect
    public let status: Rect

    /// False when the terminal is below the minimum; the view then shows only a message.
    public var fits: Bool { rows >= Self.minimumRows && cols >= Self.minimumCols }

    /// Rows the status line may take at most.
    public static let maximumStatusRows = 3

    public init(rows: Int, cols: Int, statusRows: Int = 1) {
        let rows = max(rows, 0), cols = max(cols, 0)
        let statusRows = min(max(statusRows, 1), Self.maximumStatusRows)
        self.rows = rows
        self.cols = cols
        let line = { (row: Int) in Rect(row: row, col: 0, height: 1, width: cols) }
        title = line(0)
        prompt = line(1)
        conditioning = line(2)
        parameters = line(3)
        progress = line(4)
        status = Rect(row: rows - statusRows, col: 0, height: statusRows, width: cols)
        playback = line(rows - statusRows - 1)
        // Rows between the progress bar and the playback line.
        let middle = max(rows - statusRows - 1 - 5, 0)
        // The A/B bar and the take header take two rows; the takes keep at least two.
        let spectrogramRows = min(max(middle / 3, 3), 16, max(middle - 4, 0))
        spectrogram = Rect(row: 5, col: 0, height: spectrogramRows, width: cols)
        abBar = line(5 + spectrogramRows)
        takeHeader = line(6 + spectrogramRows)
        takes = Rect(row: 7 + spectrogramRows, col: 0, height: max(middle - spectrogramRows - 2, 0), width: cols)
    }

    /// Every region, in drawing order.
    public var regions: [Rect] {
        [title, prompt, conditioning, parameters, progress, spectrogram, abBar, takeHeader, takes, playback, status]
    }
}
