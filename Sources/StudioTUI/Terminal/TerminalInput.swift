/// What reading the terminal yields.
public enum TerminalInput: Sendable, Equatable {
    case key(Key)
    /// The terminal changed size (ncurses' KEY_RESIZE).
    case resize
}
