import Foundation

/// The takes with their settings, newest last; the selected one highlighted, favourites starred,
/// ratings, missing audio marked, A/B pairs tagged. Which columns show depends on the width
/// (`TakeColumn.layout`): the prompt keeps its room.
enum TakeListView {
    static func header(width: Int, showsScore: Bool = false, scoreTitle: String = "score") -> String {
        TakeColumn.layout(width: width, showsScore: showsScore).columns.map { column in
            column == .prompt ? column.title
                : column == .score ? pad(scoreTitle, column.width, right: true) : pad(column.title, column.width)
        }.joined(separator: " ")
    }

    static func drawHeader(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect, styles: ViewStyles) {
        canvas.fill(rect, style: styles.bar)
        let header = header(width: rect.width, showsScore: model.showsScore, scoreTitle: model.scoreTitle)
        canvas.put(header, row: rect.row, col: rect.col, style: styles.bar, limit: rect.width)
        if let summary = model.filterSummary {
            let text = " \(summary) "
            let width = DisplayWidth.of(text)
            canvas.put(text, row: rect.row, col: max(rect.right - width, rect.col), style: styles.barAccent, limit: rect.width)
        } else if model.takes.isEmpty == false {
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
        if model.takes.isEmpty, model.filterSummary != nil {
            canvas.put(" No take matches the filter.", row: rect.row, col: rect.col, style: styles.dim, limit: rect.width)
            return
        }
        if model.takes.isEmpty {
            canvas.put(" No takes yet.", row: rect.row, col: rect.col, style: styles.dim, limit: rect.width)
            return
        }
        let columns = TakeColumn.layout(width: rect.width, showsScore: model.showsScore).columns
        let first = model.firstVisibleTake
        for (offset, index) in (first..<min(first + rect.height, model.takes.count)).enumerated() {
            let take = model.takes[index]
            let row = rect.row + offset
            let isSelected = index == model.selected
            let style = isSelected ? styles.selection : (take.isMissing ? styles.dim : styles.base)
            canvas.fill(Rect(row: row, col: rect.col, height: 1, width: rect.width), style: style)
            var writer = SpanWriter(rect: rect, row: row)
            for (position, column) in columns.enumerated() {
                if position > 0 { writer.write(" ", style, into: &canvas) }
                draw(column, of: take, isSelected: isSelected, style: style, styles: styles, writer: &writer, canvas: &canvas)
            }
        }
    }

    private static func draw(_ column: TakeColumn, of take: StudioViewModel.TakeRow, isSelected: Bool, style: CellStyle,
                             styles: ViewStyles, writer: inout SpanWriter, canvas: inout Canvas) {
        let request = take.request
        let text: String
        switch column {
        case .number: text = (take.isPlaying ? "▶" : " ") + pad(String(take.number), 3, right: true)
        case .marks:
            var star = style
            if !isSelected { star = take.isFavourite ? styles.favourite : styles.dim }
            writer.write(take.isFavourite ? "★" : "·", star, into: &canvas)
            let rated = take.rating > 0
            writer.write(" " + (rated ? String(take.rating) : "·"), rated || isSelected ? style : styles.dim, into: &canvas)
            return
        case .pair: text = pad(take.pairTag.map { $0 + (take.isPreferred ? "♥" : "") } ?? "", column.width)
        case .mode: text = pad(request.mode.rawValue, column.width)
        case .score: text = pad(take.score.map { String(format: "%.3f", $0) } ?? "-", column.width, right: true)
        case .seed: text = pad(String(request.seed), column.width)
        case .guidance: text = pad(Format.number(request.guidanceScale), column.width)
        case .steps: text = pad(String(request.steps), column.width, right: true)
        case .sampler: text = pad(request.sampler.rawValue, column.width)
        case .length: text = pad(Format.clock(take.duration), column.width, right: true)
        case .took: text = pad(Format.seconds(take.generationSeconds), column.width, right: true)
        case .prompt:
            var subject = request.prompt
            if let image = request.imagePath, !image.isEmpty, request.mode == .image || request.mode == .mix {
                subject += (subject.isEmpty ? "" : " + ") + URL(fileURLWithPath: image).lastPathComponent
            }
            if let sound = request.audioPath, !sound.isEmpty, request.mode == .audio {
                subject += (subject.isEmpty ? "" : " + ") + URL(fileURLWithPath: sound).lastPathComponent
            }
            writer.write(subject, style, into: &canvas)
            if !take.note.isEmpty {
                // One line: a note's line breaks would break the list.
                let note = take.note.split(whereSeparator: \.isNewline).joined(separator: " / ")
                writer.write("  — " + note, isSelected ? style : styles.dim, into: &canvas)
            }
            if take.isMissing { writer.write("  (audio missing)", isSelected ? style : styles.warning, into: &canvas) }
            if take.isRecovered { writer.write("  (recovered)", isSelected ? style : styles.dim, into: &canvas) }
            return
        }
        writer.write(text, style, into: &canvas)
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let cut = DisplayWidth.truncate(text, toWidth: width)
        let space = String(repeating: " ", count: max(width - DisplayWidth.of(cut), 0))
        return right ? space + cut : cut + space
    }
}
