import Foundation

/// Deleting a take and undoing it. The session file is saved before the audio moves when
/// deleting, and after it moves back when undoing, so a kill at any point leaves a whole session
/// whose takes all still have their audio (at worst a file sits in `trash/` or `takes/` that the
/// session no longer names).
extension SessionStore {
    /// The folder deleted takes' audio goes to, inside the session folder.
    public static let trashFolderName = "trash"

    /// Deletes a take: it leaves the list (with its A/B pairs) for the session's trash, and its
    /// audio moves into `trash/`. Returns the record undo uses.
    @discardableResult
    public func deleteTake(_ id: Take.ID) throws(SessionError) -> DeletedTake {
        guard let take = session.take(id) else { throw .takeNotFound(id: id) }
        let trashFolder = try boundary.resolve(Self.trashFolderName, what: "the trash folder")
        // A take whose audio is outside the folder (or gone) is deleted from the list only.
        let audio = try? audioURL(of: take)
        let source = audio.flatMap { FileMove.exists($0) ? $0 : nil }
        var target = trashFolder.appendingPathComponent(URL(fileURLWithPath: take.audioPath).lastPathComponent)
        if source != nil {
            do {
                try FileManager.default.createDirectory(at: trashFolder, withIntermediateDirectories: true)
            } catch {
                throw .writeFailed(path: trashFolder.path, reason: "cannot create the trash folder (\(error.localizedDescription))")
            }
            target = FileMove.freeName(target.lastPathComponent, in: trashFolder)
        }
        var deleted: DeletedTake?
        let trashPath = SessionPath.stored(target, sessionFolder: folder)
        try update { session throws(SessionError) in
            deleted = try session.moveToTrash(id, trashPath: trashPath, at: SessionTimestamp.now())
        }
        if let source { try FileMove.moveNew(source, to: target) }
        guard let deleted else { throw .takeNotFound(id: id) }
        return deleted
    }

    /// Undoes the last delete: the audio comes back from `trash/` (under its old name, or a free
    /// one beside it if that was taken since) and the take returns to its place. Returns it.
    @discardableResult
    public func undoDelete() throws(SessionError) -> Take {
        guard let deleted = session.trash.last else { throw .nothingToUndo }
        var audioPath = deleted.take.audioPath
        let original = try? boundary.resolve(deleted.take.audioPath, what: "the audio of the deleted take")
        let trashed = try? boundary.resolve(deleted.trashPath, what: "the deleted take's audio in the trash")
        // A kill after the session was saved but before the move leaves the audio where it was.
        if let original, let trashed, FileMove.exists(trashed) {
            let destination = FileMove.exists(original)
                ? FileMove.freeName(original.lastPathComponent, in: original.deletingLastPathComponent()) : original
            try FileManager.default.createDirectoryIfMissing(destination.deletingLastPathComponent())
            try FileMove.moveNew(trashed, to: destination)
            audioPath = SessionPath.stored(destination, sessionFolder: folder)
        }
        var restored: Take?
        try update { session throws(SessionError) in restored = try session.restoreLastDeleted(audioPath: audioPath) }
        guard let restored else { throw .nothingToUndo }
        return restored
    }
}

private extension FileManager {
    func createDirectoryIfMissing(_ folder: URL) throws(SessionError) {
        do { try createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .writeFailed(path: folder.path, reason: "cannot create the folder (\(error.localizedDescription))")
        }
    }
}
