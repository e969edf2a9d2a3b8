/// Turns a spectrogram into coloured cells: each cell shows two mel rows with the upper half
/// block "▀" (foreground the upper row, background the lower), low frequencies at the bottom,
/// levels mapped through the theme's gradient.
///
/// Levels are relative to the image's own range (its minimum black, its maximum the brightest
/// colour), so a preview that is still mostly noise uses the whole gradient and the picture
/// sharpens as the estimate does. This scaling is the only arithmetic the studio does on what
/// the engine sends.
public enum SpectrogramRenderer {
    /// The colour-gradient index (0..<`levels`) of every cell half: `grid[cellRow][col]` is
    /// (upper, lower). Nearest-neighbour resampling to `height` × 2 by `width`.
    public static func levels(of image: SpectrogramImage, height: Int, width: Int,
                              levels: Int) -> [[(upper: Int, lower: Int)]] {
        guard height > 0, width > 0, levels > 0 else { return [] }
        var low = Float.infinity, high = -Float.infinity
        for value in image.values where value.isFinite {
            low = min(low, value); high = max(high, value)
        }
        let span = high > low ? high - low : 1
        let pixelRows = height * 2
        func level(pixelRow: Int, col: Int) -> Int {
            // Pixel row 0 is the top of the picture: the highest mel band.
            let melRow = (image.rows - 1) - min(pixelRow * image.rows / pixelRows, image.rows - 1)
            let melCol = min(col * image.cols / width, image.cols - 1)
            let value = image[melRow, melCol]
            guard value.isFinite, low.isFinite else { return 0 }
            let scaled = Double((value - low) / span)
            return min(max(Int((scaled * Double(levels - 1)).rounded()), 0), levels - 1)
        }
        return (0..<height).map { cellRow in
            (0..<width).map { col in (level(pixelRow: 2 * cellRow, col: col), level(pixelRow: 2 * cellRow + 1, col: col)) }
        }
    }

    /// Draws `image` into `rect` of `canvas` with `theme`'s gradient.
    public static func draw(_ image: SpectrogramImage, into canvas: inout Canvas, rect: Rect, theme: Theme) {
        let gradient = theme.spectrogram.isEmpty ? Theme.builtInDefault.spectrogram : theme.spectrogram
        let grid = levels(of: image, height: rect.height, width: rect.width, levels: gradient.count)
        for (r, cells) in grid.enumerated() {
            for (c, cell) in cells.enumerated() {
                let style = CellStyle(foreground: gradient[cell.upper], background: gradient[cell.lower])
                canvas.set(row: rect.row + r, col: rect.col + c, character: "▀", style: style)
            }
        }
    }
}
