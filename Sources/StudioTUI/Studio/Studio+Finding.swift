import Foundation
import Session

/// `/` and its matches: the take list shows the takes the filter matches (and the selected take,
/// so the selection is never hidden), and find-next / find-previous move between matches.
extension Studio {
    /// The takes the list shows: in session order, or best match first while a search is
    /// shown (the takes it could not hear after, in session order).
    var visibleTakes: [Take] {
        var takes = Array(session.takes)
        if let search {
            let place = Dictionary(search.ranked.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
            takes = takes.enumerated().sorted { a, b in
                let pa = place[a.element.id] ?? Int.max, pb = place[b.element.id] ?? Int.max
                return pa != pb ? pa < pb : a.offset < b.offset
            }.map(\.element)
        }
        guard let filter else { return takes }
        return takes.filter { filter.matches($0) || $0.id == selectedTakeID }
    }

    /// The selected take's row in `visibleTakes`.
    var selectedVisibleIndex: Int? { selectedTakeID.flatMap { id in visibleTakes.firstIndex { $0.id == id } } }

    func applyFilter(_ query: String) {
        let parsed: TakeFilter
        do { parsed = try TakeFilter(query: query) } catch {
            report("\(error)", .error)
            return
        }
        if let sound = parsed.soundQuery {
            // The words filter at once and quietly; the search reports when it starts and ends.
            filter = parsed.terms.isEmpty ? nil : parsed
            startSearch(sound)
            return
        }
        guard !parsed.terms.isEmpty else {
            filter = nil
            report("filter cleared: all \(session.takes.count) takes shown")
            return
        }
        filter = parsed
        let matches = session.takes.filter(parsed.matches)
        guard !matches.isEmpty else {
            report("no take matches \"\(parsed.query)\"; \(keyName("edit-filter")) and Enter on an empty line shows all", .warning)
            return
        }
        if let selected = selectedTake, parsed.matches(selected) {} else { selectedTakeID = matches.first?.id }
        report("\(matches.count) of \(session.takes.count) takes match \"\(parsed.query)\"; "
               + "\(keyName("find-next"))/\(keyName("find-previous")) jump between them")
    }

    /// What `/` offers to edit: the filter's words, and the search by sound shown, after `~`.
    var filterLine: String {
        [filter?.query, search.map { "~" + $0.text }].compactMap { $0 }.joined(separator: " ")
    }

    func findMatch(forward: Bool) {
        guard let filter else {
            report("no filter: press \(keyName("edit-filter")) to find takes", .warning)
            return
        }
        let takes = session.takes
        let matching = takes.indices.filter { filter.matches(takes[$0]) }
        guard !matching.isEmpty else { report("no take matches \"\(filter.query)\"", .warning); return }
        let current = selectedIndex ?? (forward ? -1 : takes.count)
        // Wraps around, as cmus does, and says so.
        let next = forward ? matching.first { $0 > current } : matching.last { $0 < current }
        let target = next ?? (forward ? matching[0] : matching[matching.count - 1])
        selectedTakeID = takes[target].id
        let place = (matching.firstIndex(of: target) ?? 0) + 1
        report("match \(place) of \(matching.count): take \(target + 1)" + (next == nil ? " (wrapped around)" : ""))
    }
}
