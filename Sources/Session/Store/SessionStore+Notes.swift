import Foundation
import Models

/// A take's note and rating. The note is kept in the session and, when the take is a favourite,
/// in its sidecar too, so the favourites folder says what the listener thought of each sound.
extension SessionStore {
    public func setRating(_ rating: Int, forTake id: Take.ID) throws(SessionError) {
        try update { session throws(SessionError) in try session.setRating(rating, forTake: id) }
    }

    /// Sets the note; returns the favourite's sidecar it was also written to, if any.
    @discardableResult
    public func setNote(_ note: String, forTake id: Take.ID) throws(SessionError) -> URL? {
        try update { session throws(SessionError) in try session.setNote(note, forTake: id) }
        guard let take = session.take(id), take.isFavourite, let sidecar = favouriteSidecarURL(of: take),
              FileMove.exists(sidecar) else { return nil }
        var record = try FavouriteSidecar.load(from: sidecar)
        // A sidecar of another take under this name (renamed by hand) is not ours to change.
        guard record.takeID == id else { return nil }
        record.note = note
        let data = try record.encoded(source: sidecar.path)
        do { try AtomicFile.replace(sidecar, with: data) } catch {
            throw .writeFailed(path: sidecar.path, reason: error.reason)
        }
        return sidecar
    }

    /// The sidecar beside a take's favourite copy, if the session records a copy inside its folder.
    func favouriteSidecarURL(of take: Take) -> URL? {
        guard let copy = take.favouriteCopyPath,
              let audio = try? boundary.resolve(copy, what: "the favourite copy") else { return nil }
        return audio.deletingPathExtension().appendingPathExtension("json")
    }
}
