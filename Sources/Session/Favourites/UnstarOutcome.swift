import Foundation

/// What unstarring did with the favourite's files.
public enum UnstarOutcome: Sendable, Equatable {
    /// The audio copy and its sidecar were removed from the favourites folder.
    case removed(FavouriteCopy)
    /// The take had no copy on record (or it was already gone).
    case noCopy
    /// The flag is cleared but the files stay, for the reason given (which names them).
    case kept(reason: String)
}
