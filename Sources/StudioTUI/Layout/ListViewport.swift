/// Which rows of a list are visible: the selection is kept in view with as little scrolling as
/// possible, and the list does not scroll past its end.
public enum ListViewport {
    /// The index of the first visible item.
    public static func firstVisible(selected: Int?, count: Int, height: Int, previousFirst: Int) -> Int {
        guard height > 0, count > height else { return 0 }
        var first = min(max(previousFirst, 0), count - height)
        if let selected {
            if selected < first { first = selected }
            if selected >= first + height { first = selected - height + 1 }
        }
        return min(max(first, 0), count - height)
    }
}
