import Foundation
import Models
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A session as its files hold it: the session file, then the changes in its journal (see
/// `SessionJournal`) that continue it. The session file's `journalGeneration` (absent: 0) says
/// which journal continues it; each compaction writes the file whole with the next generation
/// before it removes the journal, so a journal left by a kill between the two is of an older
/// generation, already in the file, and skipped rather than applied twice.
struct SessionSnapshot {
    static let generationKey = "journalGeneration"

    /// With the journal replayed.
    var session: StudioSession
    var generation: Int
    /// Positioned after its last whole line when it continues this file; else empty.
    var journal: SessionJournal
    /// A journal of an older generation is there: the file holds all of it.
    var journalIsStale: Bool
    /// The session file's size, against which the journal's is weighed for compaction.
    var fileSize: Int
    /// The file as read (see `identity`), so that a save can tell it was replaced since.
    var fileIdentity: [Int] = []

    /// Reads the session file and its journal. A writer may compact while this reads (a second
    /// process reading the session, as the kill tests do); a read that saw the file change under
    /// it is done again.
    static func read(_ fileURL: URL) throws(SessionError) -> SessionSnapshot {
        var attempt = 0
        while true {
            attempt += 1
            let before = identity(fileURL)
            do {
                var snapshot = try readOnce(fileURL)
                snapshot.fileIdentity = before
                if attempt >= 3 || identity(fileURL) == before { return snapshot }
            } catch {
                if attempt >= 3 || identity(fileURL) == before { throw error }
            }
        }
    }

    /// The session file's bytes for `generation`. Generation 0 is not written, so a session
    /// that was never compacted is byte for byte `StudioSession.encoded`.
    static func encode(_ session: StudioSession, generation: Int, source: String) throws(SessionError) -> Data {
        try VersionedDocument.encode(session, source: source,
                                     extra: generation == 0 ? [:] : [generationKey: .int(generation)])
    }

    private static func readOnce(_ fileURL: URL) throws(SessionError) -> SessionSnapshot {
        let data: Data
        do { data = try RegularFile.contents(fileURL.path, limit: StudioSession.maximumFileSize) } catch {
            throw .readFailed(path: fileURL.path, reason: error.reason)
        }
        var (session, members): (StudioSession, [String: JSONValue])
        if let read = try StudioSession.fastRead(data, source: fileURL.path) {
            (session, members) = read
        } else {
            (session, members) = try VersionedDocument.decodeWithMembers(
                StudioSession.self, from: data, source: fileURL.path, format: StudioSession.format,
                supportedVersion: StudioSession.currentVersion)
        }
        let generation: Int
        switch members[generationKey] {
        case nil: generation = 0
        case .int(let value)? where value >= 0: generation = value
        default:
            throw .invalidValue(source: fileURL.path, path: JSONPath([.key(generationKey)]),
                                problem: "expected a whole number, 0 or more")
        }
        let journalURL = SessionJournal.url(besides: fileURL)
        var journal = SessionJournal(url: journalURL)
        var stale = false
        var source = fileURL.path
        if let contents = try SessionJournal.read(journalURL) {
            if contents.generation == generation {
                try SessionJournal.replay(contents.changes, onto: &session, source: journalURL.path)
                journal = SessionJournal(url: journalURL, length: contents.validLength)
                if !contents.changes.isEmpty { source = "\(fileURL.path) (with \(journalURL.lastPathComponent) replayed)" }
            } else if contents.generation < generation {
                stale = true
            } else {
                throw .corruptJournal(path: journalURL.path, line: 1, reason:
                    "it continues generation \(contents.generation) of \(fileURL.lastPathComponent), but the file is "
                    + "generation \(generation): the session file was replaced by an older copy")
            }
        }
        // Checked once, after the journal: each line only splices, and the whole must still hold together.
        if let problem = session.consistencyProblem() {
            throw .invalidValue(source: source, path: problem.path, problem: problem.problem)
        }
        return SessionSnapshot(session: session, generation: generation, journal: journal, journalIsStale: stale,
                               fileSize: data.count)
    }

    /// What changes when a writer replaces the file (a compaction renames a new file over it);
    /// empty when there is no file.
    static func identity(_ fileURL: URL) -> [Int] {
        var info = stat()
        guard stat(fileURL.path, &info) == 0 else { return [] }
        return [Int(info.st_dev), Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
    }
}
