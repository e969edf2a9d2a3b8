import Foundation
import Models

/// What one save changed in a session, as a line of its journal holds it (see `SessionJournal`):
/// each top-level field that changed, whole, and the takes that changed as splices of the take
/// list. The takes are the one field that grows without bound, so a rating set on one take of
/// 100,000 is written as that one take, not as the list.
///
/// Fields absent from the JSON did not change. Takes decode through `Take`'s own decoding, so a
/// journal line is read exactly as strictly as the session file; paths in it are confined to the
/// session folder where they are used (`SessionStore.audioURL(of:)`), as the file's are.
struct SessionChange: Codable, Equatable {
    /// `remove` takes from index `at` replaced by `insert`.
    struct Splice: Codable, Equatable {
        var at: Int
        var remove: Int
        var insert: [Take]
    }

    var bundlePath: String?
    var created: Date?
    var modified: Date?
    var settings: StudioSettings?
    var abPairs: [ABPair]?
    var favouritesFolder: String?
    var seedHistory: [UInt64]?
    var trash: [DeletedTake]?
    var variationGroups: [VariationGroup]?
    /// Applied in order, each to the list the one before left.
    var takes: [Splice]?

    /// What turns `old` into `new`.
    init(from old: StudioSession, to new: StudioSession) {
        func changed<T: Equatable>(_ field: KeyPath<StudioSession, T>) -> T? {
            old[keyPath: field] == new[keyPath: field] ? nil : new[keyPath: field]
        }
        bundlePath = changed(\.bundlePath)
        created = changed(\.created)
        modified = changed(\.modified)
        settings = changed(\.settings)
        abPairs = changed(\.abPairs)
        favouritesFolder = changed(\.favouritesFolder)
        seedHistory = changed(\.seedHistory)
        trash = changed(\.trash)
        variationGroups = changed(\.variationGroups)
        let splices = Self.splices(from: old.takes, to: new.takes)
        takes = splices.isEmpty ? nil : splices
    }

    /// Applies the change. A splice that does not fit the list (the journal belongs to another
    /// version of the session file) is an error at its path, `takes[1].remove`.
    func apply(to session: inout StudioSession) throws(JSONValueError) {
        if let bundlePath { session.bundlePath = bundlePath }
        if let created { session.created = created }
        if let modified { session.modified = modified }
        if let settings { session.settings = settings }
        if let abPairs { session.abPairs = abPairs }
        if let favouritesFolder { session.favouritesFolder = favouritesFolder }
        if let seedHistory { session.seedHistory = seedHistory }
        if let trash { session.trash = trash }
        if let variationGroups { session.variationGroups = variationGroups }
        for (index, splice) in (takes ?? []).enumerated() {
            let path = JSONPath([.key("takes"), .index(index)])
            let count = session.takes.count
            guard splice.at >= 0, splice.at <= count else {
                throw JSONValueError(path: path.appending(.key("at")),
                                     problem: "expected a take index from 0 to \(count), found \(splice.at)")
            }
            guard splice.remove >= 0, splice.remove <= count - splice.at else {
                throw JSONValueError(path: path.appending(.key("remove")),
                                     problem: "expected 0 to \(count - splice.at) takes to remove, found \(splice.remove)")
            }
            session.takes.replaceSubrange(splice.at..<splice.at + splice.remove, with: splice.insert)
        }
    }

    /// The common case, a take changed in place, is one splice per run of changed takes; a take
    /// added, deleted or restored is one splice between the unchanged start and end. Takes that
    /// both lists hold in the same chunk (see `TakeList.sharedRuns`) are skipped uncompared: a
    /// save after one take changed compares the thousand or so takes of its chunk, not all.
    static func splices(from old: TakeList, to new: TakeList) -> [Splice] {
        let common = min(old.count, new.count)
        let aligned = old.sharedRuns(with: new, offset: 0)
        var prefix = 0
        while prefix < common {
            if let run = aligned.run(containing: prefix) { prefix = min(run.upperBound, common); continue }
            guard old[prefix] == new[prefix] else { break }
            prefix += 1
        }
        if prefix == old.count, prefix == new.count { return [] }
        // The end is compared end to end: after an insertion or removal the same takes sit
        // `shift` positions apart.
        let shift = new.count - old.count
        let endAligned = shift == 0 ? aligned : old.sharedRuns(with: new, offset: shift)
        var suffix = 0
        while suffix < common - prefix {
            let position = old.count - 1 - suffix
            if let run = endAligned.run(containing: position) {
                suffix = min(old.count - run.lowerBound, common - prefix)
                continue
            }
            guard old[position] == new[position + shift] else { break }
            suffix += 1
        }
        let oldEnd = old.count - suffix, newEnd = new.count - suffix
        guard shift == 0 else {
            return [Splice(at: prefix, remove: oldEnd - prefix, insert: Array(new[prefix..<newEnd]))]
        }
        func same(_ position: Int) -> Bool {
            aligned.run(containing: position) != nil || old[position] == new[position]
        }
        var splices: [Splice] = []
        var start = prefix
        while start < oldEnd {
            if let run = aligned.run(containing: start) { start = run.upperBound; continue }
            if old[start] == new[start] { start += 1; continue }
            var end = start + 1
            while end < oldEnd, !same(end) { end += 1 }
            splices.append(Splice(at: start, remove: end - start, insert: Array(new[start..<end])))
            start = end
        }
        return splices
    }
}
