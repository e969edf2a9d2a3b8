/// A box over the main view listing the key bindings and options (built by `HelpText`);
/// scrolls when taller than the screen.
enum HelpOverlayView {
    static func draw(lines: [String], scroll: Int, into canvas: inout Canvas, bounds: Rect, styles: ViewStyles) {
        let width = min(max(lines.map { DisplayWidth.of($0) }.max() ?? 0, 40) + 4, bounds.width - 2)
        let height = min(lines.count + 2, bounds.height - 2)
        guard width > 8, height > 3 else { return }
        let box = Rect(row: bounds.row + (bounds.height - height) / 2, col: bounds.col + (bounds.width - width) / 2,
                       height: height, width: width)
        canvas.fill(box, style: styles.bar)
        let border = styles.barAccent
        canvas.put("┌" + String(repeating: "─", count: width - 2) + "┐", row: box.row, col: box.col, style: border)
        canvas.put("└" + String(repeating: "─", count: width - 2) + "┘", row: box.bottom - 1, col: box.col, style: border)
        for row in box.row + 1..<box.bottom - 1 {
            canvas.set(row: row, col: box.col, character: "│", style: border)
            canvas.set(row: row, col: box.right - 1, character: "│", style: border)
        }
        let visible = height - 2
        let first = min(max(scroll, 0), max(lines.count - visible, 0))
        for (offset, line) in lines.dropFirst(first).prefix(visible).enumerated() {
            let isHeading = !line.hasPrefix(" ")
            canvas.put(line, row: box.row + 1 + offset, col: box.col + 2, style: isHeading ? styles.barAccent : styles.bar,
                       limit: width - 4)
        }
        let title = " Help — \(first + 1)-\(min(first + visible, lines.count)) of \(lines.count), ↑/↓ to scroll, ? to close "
        canvas.put(title, row: box.row, col: box.col + 2, style: border, limit: width - 4)
    }
}
