import Foundation
import Session

/// Keeping and discarding: delete and undo, ratings, notes.
extension Studio {
    func deleteSelectedTake() {
        guard let take = selectedTake, let index = selectedIndex else { report("no take selected", .warning); return }
        if playingTakeID == take.id { stopPlayback() }
        // The selection moves to the next take the list shows (the filter's matches, if one is on).
        let row = selectedVisibleIndex ?? index
        do {
            let deleted = try store.deleteTake(take.id)
            forgetAudio(of: take.id)
            selectedTakeID = nil
            let takes = visibleTakes
            selectedTakeID = takes.isEmpty ? nil : takes[min(row, takes.count - 1)].id
            report("take \(index + 1) deleted (audio in \(deleted.trashPath)); \(keyName("undo")) brings it back")
        } catch {
            report("\(error)", .error)
        }
    }

    func undoDelete() {
        do {
            let take = try store.undoDelete()
            forgetAudio(of: take.id)
            missingAudio.remove(take.id)
            if let url = try? store.audioURL(of: take), !FileManager.default.fileExists(atPath: url.path) {
                missingAudio.insert(take.id)
            }
            selectedTakeID = take.id
            let number = (session.takeIndex(take.id) ?? 0) + 1
            report("take \(number) is back: \(take.audioPath)")
        } catch {
            report("\(error)", error == .nothingToUndo ? .warning : .error)
        }
    }

    func rateSelectedTake(_ change: StudioCommand.RatingChange) {
        guard let take = selectedTake, let index = selectedIndex else { report("no take selected", .warning); return }
        let rating: Int
        switch change {
        case .number(let n): rating = n
        case .relative(let delta): rating = min(max(take.rating + delta, Take.ratingRange.lowerBound), Take.ratingRange.upperBound)
        }
        do {
            try store.setRating(rating, forTake: take.id)
            report(rating == 0 ? "take \(index + 1): not rated" : "take \(index + 1) rated \(rating) of 5")
        } catch {
            report("\(error)", .error)
        }
    }

    func setNote(_ text: String) {
        guard let take = selectedTake, let index = selectedIndex else { report("no take selected", .warning); return }
        do {
            let sidecar = try store.setNote(text, forTake: take.id)
            let also = sidecar.map { " and in \(SessionPath.stored($0, sessionFolder: store.folder))" } ?? ""
            report(text.isEmpty ? "take \(index + 1): note cleared\(also)" : "take \(index + 1): note saved\(also)")
        } catch {
            report("\(error)", .error)
        }
    }
}
