import Foundation

/// Where a session's take audio stands when it opens (see `SessionStore.pathAudit`).
public struct SessionPathAudit: Sendable {
    /// Takes whose audio cannot be played or starred, in session order: missing or outside.
    public var missing: [Take.ID] = []
    /// Takes whose stored audio path leads outside the session folder (or cannot be resolved).
    public var outside: Set<Take.ID> = []
    /// Folders named outside the session folder, then each take whose audio lies outside.
    public var warnings: [String] = []
}
