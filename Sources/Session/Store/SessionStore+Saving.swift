import Foundation
import Models
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Saving: a change goes to the journal; the session file is rewritten whole when the journal
/// has grown to a quarter of it (at least 1 MiB), so that opening replays little, and on `compact`.
extension SessionStore {
    /// Saves what is unsaved: the change since the last save, as one journal line.
    public func save() throws(SessionError) {
        guard hasUnsavedChanges else { return }
        // The journal continues the file this store read or wrote. If that file was removed or
        // replaced since (by hand, by another program), a line appended would continue nothing
        // or the wrong file: the session is written whole instead, as every save once was.
        if SessionSnapshot.identity(fileURL) != fileIdentity { return try compact() }
        let change = SessionChange(from: saved, to: session)
        try journal.append(change, generation: generation, mode: journal.length == 0 ? sessionFileMode() : nil,
                           fault: fault)
        markSaved()
        if journal.length >= compactionLength {
            // The change is safe in the journal already; a compaction that fails (a full disk) is
            // tried again once the journal has grown as much again, not at every key press.
            do { try compact() } catch { compactionLength = journal.length + Self.compactionLength(fileSize: 0) }
        }
    }

    /// Writes the session file whole, atomically, with everything in memory, then removes the
    /// journal. A kill between the two leaves a journal of the previous generation, which
    /// opening skips. On failure the files are as they were and the error is thrown.
    public func compact() throws(SessionError) {
        let next = generation + 1
        let data = try SessionSnapshot.encode(session, generation: next, source: fileURL.path)
        do { try AtomicFile.replace(fileURL, with: data, fault: fault) } catch {
            throw .writeFailed(path: fileURL.path, reason: "\(error.reason) (while \(error.operation))")
        }
        generation = next
        fileIdentity = SessionSnapshot.identity(fileURL)
        markSaved()
        journal.remove()
        compactionLength = Self.compactionLength(fileSize: data.count)
    }

    /// Whether changes are in the journal, not yet in the session file itself.
    public var hasJournal: Bool { journal.length > 0 }

    static func compactionLength(fileSize: Int) -> Int { max(1 << 20, fileSize / 4) }

    /// A new journal gets the session file's permissions: a private session keeps private changes.
    private func sessionFileMode() -> mode_t? {
        var info = stat()
        return stat(fileURL.path, &info) == 0 ? info.st_mode & 0o777 : nil
    }
}
