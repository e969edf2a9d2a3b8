/// Up and Down through a history while editing, as in a shell: Up shows older entries, Down
/// newer ones, and past the newest the text being written comes back. Pure.
public struct HistoryCursor: Sendable, Equatable {
    public let entries: [String]
    /// Index into `entries`; `entries.count` means the draft.
    public private(set) var position: Int
    public private(set) var draft: String

    public init(entries: [String], draft: String) {
        self.entries = entries
        position = entries.count
        self.draft = draft
    }

    /// The older entry to show, or nil at the oldest. `current` is the text now in the editor,
    /// kept as the draft when leaving it.
    public mutating func older(current: String) -> String? {
        guard position > 0 else { return nil }
        if position == entries.count { draft = current }
        position -= 1
        return entries[position]
    }

    /// The newer entry, or the draft past the newest; nil when already at the draft.
    public mutating func newer() -> String? {
        guard position < entries.count else { return nil }
        position += 1
        return position == entries.count ? draft : entries[position]
    }
}
