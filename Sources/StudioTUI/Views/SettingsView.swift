import Engine

/// Rows 1-3: the prompt, the conditioning (mode, picture, mix weight) and the sampling
/// parameters, each with the key that changes it in the help, not here.
enum SettingsView {
    static func drawPrompt(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect, styles: ViewStyles) {
        canvas.fill(rect, style: styles.base)
        var writer = SpanWriter(rect: rect)
        writer.write(" Prompt   ", styles.accent, into: &canvas)
        let request = model.request
        if request.prompt.isEmpty {
            writer.write("(none: press e to write one)", styles.dim, into: &canvas)
        } else {
            writer.write(request.prompt, styles.base, into: &canvas)
        }
        if let negative = request.negativePrompt, !negative.isEmpty {
            writer.write("   not: ", styles.dim, into: &canvas)
            writer.write(negative, styles.base, into: &canvas)
        }
    }

    static func drawConditioning(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect, styles: ViewStyles) {
        canvas.fill(rect, style: styles.base)
        var writer = SpanWriter(rect: rect)
        writer.write(" Mode     ", styles.accent, into: &canvas)
        for mode in ConditioningMode.allCases {
            if mode == model.request.mode {
                writer.write("[\(mode.rawValue)]", styles.selection, into: &canvas)
            } else {
                writer.write(" \(mode.rawValue) ", styles.dim, into: &canvas)
            }
            writer.write(" ", styles.base, into: &canvas)
        }
        if model.request.mode == .audio {
            // Audio mode listens to a sound; the picture plays no part.
            writeFile("Sound", model.request.audioPath, missing: model.soundMissing, writer: &writer, into: &canvas, styles: styles)
            return
        }
        writeFile("Picture", model.request.imagePath, missing: model.imageMissing, writer: &writer, into: &canvas, styles: styles)
        if model.request.mode == .mix {
            writer.write("  weight ", styles.accent, into: &canvas)
            writer.write(Format.number(model.request.imageWeight), styles.base, into: &canvas)
        }
    }

    static func drawParameters(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect, styles: ViewStyles) {
        canvas.fill(rect, style: styles.base)
        var writer = SpanWriter(rect: rect)
        let request = model.request
        var pairs: [(String, String)] = [
            (" Guidance ", Format.number(request.guidanceScale)),
            ("  Steps ", String(request.steps)),
            ("  Sampler ", request.sampler.rawValue),
            ("  Seed ", "\(request.seed) " + (model.seedLocked ? "(locked)" : "(new each take)")),
            ("  Length ", request.duration.map { OptionKind.format($0) + " s" } ?? "bundle's"),
        ]
        if model.showsPriorGuidance { pairs.insert(("  Prior guidance ", Format.number(request.priorGuidanceScale)), at: 1) }
        // Shown only when not the default: the width changes the take, so it must not be hidden.
        if request.priorWeights != .float32 { pairs.insert(("  Prior weights ", request.priorWeights.rawValue), at: 1) }
        if request.precision != .float32 { pairs.insert(("  Precision ", request.precision.rawValue), at: 1) }
        for (label, value) in pairs {
            writer.write(label, styles.accent, into: &canvas)
            writer.write(value, styles.base, into: &canvas)
        }
    }

    /// "  Picture PATH" / "  Sound PATH": the file a mode conditions on, marked when it is not
    /// there, or "none".
    private static func writeFile(_ label: String, _ path: String?, missing: Bool, writer: inout SpanWriter,
                                  into canvas: inout Canvas, styles: ViewStyles) {
        writer.write("  \(label) ", styles.accent, into: &canvas)
        guard let path, !path.isEmpty else { return writer.write("none", styles.dim, into: &canvas) }
        writer.write(path, missing ? styles.warning : styles.base, into: &canvas)
        if missing { writer.write(" (not found)", styles.warning, into: &canvas) }
    }
}
