/// Where the playhead stands over a take's spectrogram: the column of `width` columns that
/// covers `position` seconds of a take `duration` seconds long. Pure, so the mapping is tested
/// without a player. Nil when there is nothing to mark (no width, no length, a broken reading).
public enum Playhead {
    public static func column(position: Double, duration: Double, width: Int) -> Int? {
        guard width > 0, duration > 0, duration.isFinite, position.isFinite else { return nil }
        // Column c covers [c, c+1) * duration / width; the very end belongs to the last column.
        let fraction = min(max(position / duration, 0), 1)
        return min(Int((fraction * Double(width)).rounded(.down)), width - 1)
    }
}
