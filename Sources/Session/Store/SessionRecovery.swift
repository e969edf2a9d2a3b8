import Foundation

/// What opening a session put right after an interrupted save, for the studio to say so.
///
/// A take reaches disk in two steps: its WAV (recipe in the tags) is written into `takes/`, then
/// the session is saved with it listed. A kill in between leaves a WAV the session does not
/// list, and a kill inside either write leaves a temporary file. On opening, `SessionStore`
/// removes the temporary files no writer will finish and adds such WAVs back as takes.
public struct SessionRecovery: Sendable, Equatable {
    /// An audio file in the takes folder that the session does not list, not added, and why.
    public struct LeftAlone: Sendable, Equatable {
        public var file: URL
        public var reason: String
    }

    /// Takes added back, in the order they were added to the session.
    public var recoveredTakes: [Take.ID] = []
    /// Their audio, as the session stores it (`takes/...wav`).
    public var recoveredPaths: [String] = []
    /// Temporary files of the session file, its takes and favourites that were removed.
    public var removedTemporaries: [URL] = []
    /// Temporary files kept because a writer may still own them (see `AtomicFile.isAbandoned`).
    public var keptTemporaries: [URL] = []
    /// Audio files not added: not readable as audio, or without a recipe in their tags.
    public var leftAlone: [LeftAlone] = []
    /// Set when the recovered takes could not be saved: they are in the session in memory, and
    /// the next save writes them; if none succeeds, the next opening finds them again.
    public var saveFailure: SessionError?

    public init() {}

    /// Nothing found to recover, remove or report.
    public var isEmpty: Bool {
        recoveredTakes.isEmpty && removedTemporaries.isEmpty && keptTemporaries.isEmpty && leftAlone.isEmpty
    }

    /// One line per finding, for the status line or a terminal.
    public var messages: [String] {
        var lines: [String] = []
        if !recoveredTakes.isEmpty {
            lines.append("recovered \(Self.count(recoveredTakes.count, "take")) left by an interrupted save: "
                         + recoveredPaths.joined(separator: ", "))
        }
        if !removedTemporaries.isEmpty {
            lines.append("removed \(Self.count(removedTemporaries.count, "temporary file")) left by an interrupted save")
        }
        if !keptTemporaries.isEmpty {
            lines.append("kept \(Self.count(keptTemporaries.count, "temporary file")) that a running program may still "
                         + "be writing: " + keptTemporaries.map(\.lastPathComponent).joined(separator: ", "))
        }
        for file in leftAlone {
            lines.append("\(file.file.path) is not in the session and was left alone: \(file.reason)")
        }
        if let saveFailure {
            lines.append("the recovered takes are NOT saved yet: \(saveFailure)")
        }
        return lines
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
