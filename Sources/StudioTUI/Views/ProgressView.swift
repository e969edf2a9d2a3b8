/// Row 4: the running generation's bar, step, stage, take and ETA; after it ends, how it ended.
enum ProgressView {
    static func draw(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect, styles: ViewStyles) {
        canvas.fill(rect, style: styles.base)
        var writer = SpanWriter(rect: rect)
        guard let progress = model.progress else {
            writer.write(" Ready", styles.accent, into: &canvas)
            let hint: String
            switch model.engineState {
            case .loading: hint = " — the engine is loading; takes asked for now are queued"
            case .ready: hint = " — press g to generate, a for an A/B pair"
            case .failed(let why): hint = " — cannot generate: \(why)"
            }
            writer.write(hint, model.engineState == .ready ? styles.dim : styles.warning, into: &canvas)
            return
        }
        let barWidth = min(max(rect.width / 4, 10), 40)
        writer.write(" ", styles.base, into: &canvas)
        let bar = Format.bar(progress.fraction, width: barWidth)
        writer.write(bar.filled, styles.progress, into: &canvas)
        writer.write(bar.empty, styles.dim, into: &canvas)
        writer.write(" ", styles.base, into: &canvas)
        let takeNote = progress.modes.count > 1 ? "  take \(min(progress.takeIndex + 1, progress.modes.count))/\(progress.modes.count)" : ""
        switch progress.outcome {
        case nil:
            let stage = progress.stage?.rawValue ?? "starting"
            writer.write("\(progress.step)/\(progress.totalSteps) ", styles.accent, into: &canvas)
            writer.write("\(stage) \(progress.currentMode?.rawValue ?? "")\(takeNote)", styles.base, into: &canvas)
            if let left = progress.secondsLeft(now: model.now) {
                writer.write("  ETA \(Format.seconds(left))", styles.accent, into: &canvas)
            }
            writer.write("  \(Format.seconds(progress.elapsed(now: model.now)))", styles.dim, into: &canvas)
            if model.queued > 0 { writer.write("  queued \(model.queued)", styles.warning, into: &canvas) }
        case .completed?:
            writer.write("\(progress.step)/\(progress.totalSteps) done", styles.accent, into: &canvas)
            let takes = progress.modes.count == 1 ? "1 take" : "\(progress.modes.count) takes"
            writer.write(" — \(takes) in \(Format.seconds(progress.elapsed(now: model.now)))", styles.base, into: &canvas)
        case .cancelled?:
            writer.write("stopped at step \(progress.step)/\(progress.totalSteps)", styles.warning, into: &canvas)
        case .failed(let why)?:
            writer.write("failed: \(why)", styles.error, into: &canvas)
        }
    }
}
