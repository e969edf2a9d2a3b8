import Session

/// The A/B comparison of the selected take's pair: which side is selected, which is preferred,
/// how often the listener switched; or the selected take's variation group, one key each.
enum ABBarView {
    static func draw(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect, styles: ViewStyles) {
        canvas.fill(rect, style: styles.base)
        var writer = SpanWriter(rect: rect)
        if let group = model.groupBar {
            writer.write(" Variations \(group.groupNumber) ", styles.accent, into: &canvas)
            for (position, member) in group.members.enumerated() {
                let text = " \(position + 1): take \(member.take), seed \(member.seed) "
                writer.write(text, position == group.selected ? styles.selection : styles.base, into: &canvas)
                writer.write(" ", styles.base, into: &canvas)
            }
            writer.write(" 1-\(group.members.count) hear each, t the next", styles.dim, into: &canvas)
            return
        }
        guard let bar = model.abBar else {
            writer.write(" A/B ", styles.accent, into: &canvas)
            writer.write("press a to generate prior and zero-shot with one seed, then t to switch between them; x for variations",
                         styles.dim, into: &canvas)
            return
        }
        writer.write(" A/B \(bar.pairNumber) ", styles.accent, into: &canvas)
        for (side, label, take, mode) in [(ABPreference.a, "A", bar.takeA, bar.modeA), (.b, "B", bar.takeB, bar.modeB)] {
            let text = " \(label) \(mode.rawValue) (take \(take))\(bar.preferred == side ? " ♥" : "") "
            writer.write(text, bar.side == side ? styles.selection : styles.base, into: &canvas)
            writer.write(" ", styles.base, into: &canvas)
        }
        let preferred: String
        switch bar.preferred {
        case .a: preferred = "A"
        case .b: preferred = "B"
        case .none: preferred = "not yet"
        }
        writer.write(" preferred: ", styles.dim, into: &canvas)
        writer.write(preferred, bar.preferred == .none ? styles.dim : styles.favourite, into: &canvas)
        writer.write("  switches \(bar.switchCount)", styles.dim, into: &canvas)
    }
}
