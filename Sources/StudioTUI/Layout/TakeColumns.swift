/// The take list's columns for a width: the prompt (what a take is) always keeps room, and the
/// other columns give way first, least useful first, so that an 80-column terminal still shows
/// what each take is. Pure, so every width is tested without a terminal.
public enum TakeColumn: String, Sendable, CaseIterable {
    case number, marks, pair, mode, score, seed, guidance, steps, sampler, length, took, prompt

    /// Columns in the order they are drawn.
    public static let drawingOrder: [TakeColumn] = [.number, .marks, .pair, .mode, .score, .seed, .guidance, .steps,
                                                    .sampler, .length, .took, .prompt]
    /// Columns hidden one by one as the width shrinks, first to go first. `number`, `marks`,
    /// `mode` and `prompt` always stay. The score outlasts guidance and steps: with an audio
    /// encoder it is what tells takes apart at a glance.
    public static let hidingOrder: [TakeColumn] = [.took, .sampler, .steps, .guidance, .score, .length, .pair, .seed]

    /// The prompt column's least width before other columns give way.
    public static let minimumPromptWidth = 24

    /// Cells the column takes (the prompt: whatever is left); a space separates columns.
    public var width: Int {
        switch self {
        case .number: return 4       // playing marker + take number
        case .marks: return 3        // star, rating
        case .pair: return 5         // A1♥, B12, V3·2 (variation group 3, take 2)
        case .mode: return 9         // zero-shot
        case .score: return 6        // -0.123
        case .seed: return 10        // 4294967295
        case .guidance: return 5
        case .steps: return 5
        case .sampler: return 8
        case .length: return 7
        case .took: return 7
        case .prompt: return 0
        }
    }

    public var title: String {
        switch self {
        case .number: return "   #"
        case .marks: return "★ r"
        case .pair: return "group"
        case .mode: return "mode"
        case .score: return " score"
        case .seed: return "seed"
        case .guidance: return "guid"
        case .steps: return "steps"
        case .sampler: return "sampler"
        case .length: return " length"
        case .took: return "   took"
        case .prompt: return "prompt"
        }
    }

    /// The columns shown at `width`, in drawing order, with the prompt's width. The score column
    /// is there only when `showsScore` (some take has a score: the bundle has an audio encoder).
    public static func layout(width: Int, showsScore: Bool = false) -> (columns: [TakeColumn], promptWidth: Int) {
        var shown = Set(drawingOrder)
        if !showsScore { shown.remove(.score) }
        func used() -> Int { drawingOrder.filter { shown.contains($0) && $0 != .prompt }.reduce(0) { $0 + $1.width + 1 } }
        for column in hidingOrder where width - used() < minimumPromptWidth { shown.remove(column) }
        return (drawingOrder.filter(shown.contains), max(width - used(), 0))
    }
}
