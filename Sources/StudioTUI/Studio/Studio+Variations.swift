import Engine
import Foundation
import Session

/// Variation groups: K takes of one prompt with K seeds, auditioned with one key each, the A/B
/// pair generalised (`t` steps through the group keeping the position, 1-8 go to a variation).
extension Studio {
    /// Files a variations job's take into its group (made with the first take, so a stopped job
    /// keeps a group of what it made); plays the first.
    func addToVariationGroup(_ take: Take, jobID: Int, job: GenerationJob) {
        let groupID = jobGroups[jobID] ?? UUID()
        jobGroups[jobID] = groupID
        guard updateSession({ session throws(SessionError) in try session.addToGroup(groupID, take: take.id) }) else { return }
        guard let (index, group) = session.group(containing: take.id) else { return }
        if group.takes.count == 1, autoplay { play(take.id) }
        if group.takes.count == job.seeds.count {
            let ranked = rankGroup(index)
            let members = session.variationGroups[index].takes
            selectedTakeID = members[0]
            let listed = members.compactMap { id in
                session.take(id).map { take in String(take.request.seed) + (ranked ? " (\(take.score.map { String(format: "%.3f", $0) } ?? "-"))" : "") }
            }
            report("variations \(index + 1) ready: \(members.count) takes, \(ranked ? "best first: seeds " : "seeds ")"
                   + listed.joined(separator: ", ")
                   + "; 1-\(members.count) hear each at the same position, \(keyName("ab-switch")) the next")
        }
    }

    /// Sorts group `index` best score first (equal scores keep seed order) when the bundle has an
    /// audio encoder and every member was scored; true when it did.
    private func rankGroup(_ index: Int) -> Bool {
        guard hasAudioEncoder else { return false }
        let members = session.variationGroups[index].takes
        let scores = members.map { session.take($0)?.score }
        guard !scores.contains(where: { $0 == nil }) else { return false }
        let order = members.indices.sorted { a, b in
            let sa = scores[a] ?? 0, sb = scores[b] ?? 0
            return sa != sb ? sa > sb : a < b
        }
        return updateSession { $0.variationGroups[index].takes = order.map { members[$0] } }
    }

    /// `pick N`: a variation of the selected take's group, or an A/B preference.
    func pick(_ n: Int) {
        if let (index, group) = selectedTakeID.flatMap({ session.group(containing: $0) }) {
            guard n >= 1, n <= group.takes.count else {
                report("variations \(index + 1) has \(group.takes.count) takes: pick 1 to \(group.takes.count)", .warning)
                return
            }
            audition(group.takes[n - 1], in: group, number: index + 1)
            return
        }
        if pair(containing: selectedTakeID) != nil {
            switch n {
            case 0: prefer(.none)
            case 1: prefer(.a)
            case 2: prefer(.b)
            default: report("an A/B pair has two takes: 1 prefers A, 2 prefers B, 0 neither", .warning)
            }
            return
        }
        report("the selected take is in no A/B pair or variation group; press \(keyName("generate-variations")) "
               + "for variations, \(keyName("generate-ab")) for an A/B pair", .warning)
    }

    /// `t` in a group: the next variation, wrapping around. False when the take is in no group.
    func switchVariation() -> Bool {
        guard let id = selectedTakeID, let (index, group) = session.group(containing: id),
              let position = group.takes.firstIndex(of: id) else { return false }
        audition(group.takes[(position + 1) % group.takes.count], in: group, number: index + 1)
        return true
    }

    /// Selects `id` and plays it: from the same position while one of its group plays (as A/B
    /// switching does), from the start otherwise.
    private func audition(_ id: Take.ID, in group: VariationGroup, number: Int) {
        selectedTakeID = id
        let member = (group.takes.firstIndex(of: id) ?? 0) + 1
        let seed = session.take(id)?.request.seed ?? 0
        guard let player else { report("variations \(number): \(member) (seed \(seed)) selected; no playback device", .warning); return }
        guard let buffer = buffer(for: id) else { return }
        let status = player.status
        if let playing = playingTakeID, group.takes.contains(playing), status.state == .playing || status.state == .paused {
            player.switchTo(buffer, keepPosition: true)
            report("variations \(number): \(member) of \(group.takes.count), seed \(seed), at \(Format.clock(status.position))")
        } else {
            player.play(buffer)
            report("variations \(number): \(member) of \(group.takes.count), seed \(seed)")
        }
        playingTakeID = id
    }
}
