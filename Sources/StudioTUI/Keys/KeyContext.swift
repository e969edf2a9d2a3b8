/// Where a binding applies, as in cmus: a view's own context is looked up first, then `common`.
public enum KeyContext: String, Sendable, CaseIterable {
    /// Every view.
    case common
    /// The main studio view.
    case main
    /// The help overlay.
    case help
}
