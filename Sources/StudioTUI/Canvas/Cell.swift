/// One terminal cell. A character two columns wide occupies its cell and the next, which holds
/// `isContinuation` and is not drawn.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var style: CellStyle
    public var isContinuation: Bool

    public init(character: Character = " ", style: CellStyle = .plain, isContinuation: Bool = false) {
        self.character = character; self.style = style; self.isContinuation = isContinuation
    }
}
