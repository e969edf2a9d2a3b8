import Foundation

/// The takes with their settings, newest last; the selected one highlighted, favourites starred,
/// missing audio marked, A/B pairs tagged.
enum TakeListView {
    static let header = "  #   ★ r A/B  mode       seed                 guid  steps sampler  length   took  prompt"

    static func drawHeader(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect, styles: ViewStyles) {
        canvas.fill(rect, style: styles.bar)
        canvas.put(header, row: rect.row, col: rect.col, style: styles.bar, limit: rect.width)
        if model.takes.isEmpty == false {
            let count = " \(model.takes.count) take\(model.takes.count == 1 ? "" : "s") "
            let width = DisplayWidth.of(count)
            if rect.width > DisplayWidth.of(header) + width {
                canvas.put(count, row: rect.row, col: rect.right - width, style: styles.bar)
            }
        }
    }

    static func draw(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect, styles: ViewStyles) {
        canvas.fill(rect, style: styles.base)
        guard !rect.isEmpty else { return }
        if model.takes.isEmpty {
            canvas.put(" No takes yet.", row: rect.row, col: rect.col, style: styles.dim, limit: rect.width)
            return
        }
        let first = model.firstVisibleTake
        for (offset, index) in (first..<min(first + rect.height, model.takes.count)).enumerated() {
            let take = model.takes[index]
            let row = rect.row + offset
            let isSelected = index == model.selected
            let style = isSelected ? styles.selection : (take.isMissing ? styles.dim : styles.base)
            canvas.fill(Rect(row: row, col: rect.col, height: 1, width: rect.width), style: style)
            var writer = SpanWriter(rect: rect, row: row)
            let marker = take.isPlaying ? "▶" : " "
            writer.write(marker + pad(String(take.number), 3, right: true) + "  ", style, into: &canvas)
            var star = style
            if !isSelected { star = take.isFavourite ? styles.favourite : styles.dim }
            writer.write(take.isFavourite ? "★" : "·", star, into: &canvas)
            writer.write(" " + (take.rating > 0 ? String(take.rating) : "·"), take.rating > 0 || isSelected ? style : styles.dim,
                         into: &canvas)
            let pair = take.pairTag.map { $0 + (take.isPreferred ? "♥" : "") } ?? ""
            let request = take.request
            let fields = " " + pad(pair, 4) + " " + pad(request.mode.rawValue, 10) + " " + pad(String(request.seed), 20)
                + " " + pad(Format.number(request.guidanceScale), 5) + " " + pad(String(request.steps), 5, right: true)
                + " " + pad(request.sampler.rawValue, 8) + " " + pad(Format.clock(take.duration), 7, right: true)
                + " " + pad(Format.seconds(take.generationSeconds), 7, right: true) + "  "
            writer.write(fields, style, into: &canvas)
            var subject = request.prompt
            if let image = request.imagePath, !image.isEmpty, request.mode == .image || request.mode == .mix {
                subject += (subject.isEmpty ? "" : " + ") + URL(fileURLWithPath: image).lastPathComponent
            }
            writer.write(subject, style, into: &canvas)
            if !take.note.isEmpty {
                // One line: a note's line breaks would break the list.
                let note = take.note.split(whereSeparator: \.isNewline).joined(separator: " / ")
                writer.write("  — " + note, isSelected ? style : styles.dim, into: &canvas)
            }
            if take.isMissing { writer.write("  (audio missing)", isSelected ? style : styles.warning, into: &canvas) }
        }
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let cut = DisplayWidth.truncate(text, toWidth: width)
        let space = String(repeating: " ", count: max(width - DisplayWidth.of(cut), 0))
        return right ? space + cut : cut + space
    }
}
