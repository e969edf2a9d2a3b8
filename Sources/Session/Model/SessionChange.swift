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
    /// added, deleted or restored is one splice between the unchanged start and end.
    static func splices(from old: [Take], to new: [Take]) -> [Splice] {
        old.withUnsafeBufferPointer { old in new.withUnsafeBufferPointer { new in splices(from: old, to: new) } }
    }

    private static func splices(from old: UnsafeBufferPointer<Take>, to new: UnsafeBufferPointer<Take>) -> [Splice] {
        let common = min(old.count, new.count)
        var prefix = 0
        while prefix < common, same(old, new, prefix, prefix) { prefix += 1 }
        if prefix == old.count, prefix == new.count { return [] }
        var suffix = 0
        while suffix < common - prefix, same(old, new, old.count - 1 - suffix, new.count - 1 - suffix) { suffix += 1 }
        let oldEnd = old.count - suffix, newEnd = new.count - suffix
        guard oldEnd - prefix == newEnd - prefix else {
            return [Splice(at: prefix, remove: oldEnd - prefix, insert: Array(new[prefix..<newEnd]))]
        }
        var splices: [Splice] = []
        var start = prefix
        while start < oldEnd {
            if same(old, new, start, start) { start += 1; continue }
            var end = start + 1
            while end < oldEnd, !same(old, new, end, end) { end += 1 }
            splices.append(Splice(at: start, remove: end - start, insert: Array(new[start..<end])))
            start = end
        }
        return splices
    }

    /// Whether take `i` of `old` equals take `j` of `new`. A take a save did not touch shares its
    /// strings between the lists, so its bits often match, and comparing bits neither copies nor
    /// retains. Bits can differ for equal takes (padding bytes a copy need not carry over, a
    /// string rebuilt with the same text): then `==` decides, field by field.
    @inline(__always)
    private static func same(_ old: UnsafeBufferPointer<Take>, _ new: UnsafeBufferPointer<Take>, _ i: Int, _ j: Int) -> Bool {
        guard let a = old.baseAddress, let b = new.baseAddress else { return false }
        if memcmp(a + i, b + j, MemoryLayout<Take>.size) == 0 { return true }
        return a[i].id == b[j].id && a[i] == b[j]
    }
}
