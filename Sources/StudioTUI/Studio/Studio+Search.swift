import Engine
import Foundation
import Session

/// `search TEXT`: the session's takes ranked by how well their sound matches a text, heard by
/// the bundle's audio encoder on the engine's thread. The list then shows the ranked takes best
/// first with their match in the score column, the best selected; `search` alone goes back.
extension Studio {
    func startSearch(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            if search != nil { search = nil; report("search cleared: the takes in the order they were made") }
            else { report("search TEXT ranks the takes by how well they sound like TEXT", .warning) }
            return
        }
        if case .failed(let why) = engineState { report("cannot search: \(why)", .error); return }
        if engineState == .ready, !hasAudioEncoder {
            report("cannot search: bundle \(bundleName) has no audio encoder to hear the takes with; "
                   + "open the session with a bundle that has one (--bundle)", .warning)
            return
        }
        guard !session.takes.isEmpty else { report("no takes to search yet", .warning); return }
        // Confined as playing is: a take's path never leads the search out of the session folder.
        let candidates = session.takes.map { take -> SoundSearch<Take.ID>.Candidate in
            do throws(SessionError) {
                let url = try store.audioURL(of: take)
                guard FileManager.default.fileExists(atPath: url.path) else {
                    return .init(id: take.id, source: .refused("its audio \(take.audioPath) is missing"))
                }
                return .init(id: take.id, source: .file(url.path))
            } catch {
                return .init(id: take.id, source: .refused(error.description))
            }
        }
        let job = SearchJob(id: nextJobID, text: trimmed, candidates: candidates)
        nextJobID += 1
        searchJobs[job.id] = trimmed
        worker.submit(search: job)
        report("searching \(candidates.count) take\(candidates.count == 1 ? "" : "s") for \"\(trimmed)\"…")
    }

    /// Shows a finished search: the list ranked, the best take selected.
    func showSearch(_ result: SoundSearch<Take.ID>, text: String) {
        let found = TakeSearch(text: text, result: result)
        search = found
        guard let best = found.ranked.first else {
            report("no take could be heard for \"\(text)\"" + skippedNote(found), .warning)
            return
        }
        selectedTakeID = best
        let number = session.takeIndex(best).map { "take \($0 + 1)" } ?? "a take"
        let match = found.matches[best].map(TakeRecipe.scoreText) ?? ""
        report("\"\(text)\": \(found.ranked.count) ranked, best \(number) (\(match))" + skippedNote(found)
               + "; \(keyName("edit-search")) and Enter on an empty line goes back", found.skipped.isEmpty ? .info : .warning)
    }

    private func skippedNote(_ found: TakeSearch) -> String {
        guard let first = found.skipped.first else { return "" }
        return "; \(found.skipped.count) skipped (\(first.reason))"
    }
}
