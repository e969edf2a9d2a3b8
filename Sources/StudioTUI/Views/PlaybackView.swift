/// The player: state, take, position and length with a bar, loop; or why nothing plays.
enum PlaybackView {
    static func draw(_ model: StudioViewModel, into canvas: inout Canvas, rect: Rect, styles: ViewStyles) {
        canvas.fill(rect, style: styles.bar)
        var writer = SpanWriter(rect: rect)
        let playback = model.playback
        if let unavailable = playback.unavailable {
            writer.write(" ■ no playback: ", styles.onBar(styles.warning), into: &canvas)
            writer.write(unavailable, styles.bar, into: &canvas)
            return
        }
        let symbol: String
        switch playback.state {
        case .playing: symbol = "▶ playing"
        case .paused: symbol = "‖ paused "
        case .finished: symbol = "■ ended  "
        case .stopped: symbol = "■ stopped"
        }
        writer.write(" \(symbol) ", styles.barAccent, into: &canvas)
        if let take = playback.takeNumber {
            writer.write("take \(take)  ", styles.bar, into: &canvas)
        }
        writer.write("\(Format.clock(playback.position)) / \(Format.clock(playback.duration)) ", styles.bar, into: &canvas)
        let width = min(max(rect.width / 4, 10), 40)
        let bar = Format.bar(playback.duration > 0 ? playback.position / playback.duration : 0, width: width)
        writer.write(bar.filled, styles.onBar(styles.progress), into: &canvas)
        writer.write(bar.empty, styles.bar, into: &canvas)
        writer.write(playback.isLooping ? "  repeat on" : "  repeat off", styles.bar, into: &canvas)
    }
}
