import Foundation

extension StudioSession {
    /// Moves a take to the trash list with the pairs it belonged to; `trashPath` is where its
    /// audio goes. Pure: `SessionStore.deleteTake` moves the file.
    @discardableResult
    public mutating func moveToTrash(_ id: Take.ID, trashPath: String, at date: Date) throws(SessionError) -> DeletedTake {
        guard let index = takeIndex(id) else { throw .takeNotFound(id: id) }
        let membership = group(containing: id)
        let deleted = DeletedTake(take: takes[index], index: index,
                                  pairs: abPairs.filter { $0.takeA == id || $0.takeB == id },
                                  group: membership?.group.id, groupPosition: membership?.group.takes.firstIndex(of: id),
                                  trashPath: trashPath, deleted: date)
        try removeTake(id)
        trash.append(deleted)
        return deleted
    }

    /// Puts the last deleted take back where it was (its audio at `audioPath`, which may differ
    /// from the old one if that name was taken since), with the pairs whose other take remains,
    /// and into its variation group (made again if it had emptied).
    @discardableResult
    public mutating func restoreLastDeleted(audioPath: String) throws(SessionError) -> Take {
        guard let deleted = trash.popLast() else { throw .nothingToUndo }
        var take = deleted.take
        take.audioPath = audioPath
        takes.insert(take, at: min(max(deleted.index, 0), takes.count))
        for pair in deleted.pairs where self.take(pair.takeA) != nil && self.take(pair.takeB) != nil {
            abPairs.append(pair)
        }
        if let groupID = deleted.group { try addToGroup(groupID, take: take.id, at: deleted.groupPosition) }
        return take
    }
}
