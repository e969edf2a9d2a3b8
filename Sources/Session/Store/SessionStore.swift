import Foundation
import Models
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one session file: every change goes through `update`, which saves at once, so a crash or
/// kill loses at most the change being saved. A save appends the change to the file's journal
/// and flushes only that (see `SessionJournal`), so it costs the size of the change, not of the
/// session; now and then, and when the studio quits, `compact` writes the file whole, atomically
/// (see `AtomicFile`), and removes the journal.
///
/// If a save fails (full disk, folder made read-only), the files on disk keep their previous
/// version, the change stays in memory, `hasUnsavedChanges` is set and the error is thrown; the
/// next successful `update` or `save` writes everything. One store per file: two processes
/// writing the same session would overwrite each other's changes.
public final class SessionStore {
    public let fileURL: URL
    public private(set) var session: StudioSession
    public private(set) var hasUnsavedChanges = false
    /// What `open` put right after an interrupted save (see `SessionRecovery`).
    public internal(set) var recovery = SessionRecovery()
    /// Stamps `modified`; replaceable so tests can fix the time.
    private let clock: @Sendable () -> Date
    /// Test-only: makes saves fail at a chosen step.
    var fault: AtomicWriteFault?
    /// The session as the files hold it: the next journal line is the change from this.
    var saved: StudioSession
    /// The session file's journal generation (see `SessionSnapshot`).
    var generation: Int
    var journal: SessionJournal
    /// The journal length at which a save compacts.
    var compactionLength: Int
    /// The session file the journal continues, as `SessionSnapshot.identity` gives it.
    var fileIdentity: [Int]
    /// The takes folder as opening listed it (less the temporaries it removed), for the path
    /// audit the studio runs next: listing 200,000 files once instead of twice (issue #17).
    /// Used once; a later audit lists again.
    var openingListing: (path: String, listing: FolderListing)?

    /// The session file's folder, against which its relative paths resolve, and which every
    /// path in the file must stay inside (see `SessionFolder`).
    public var folder: URL { fileURL.deletingLastPathComponent() }

    var boundary: SessionFolder { SessionFolder(folder) }

    /// The journal beside the session file (`session.json.journal`), which holds the changes
    /// saved since the file was last written whole.
    public var journalURL: URL { journal.url }

    private init(fileURL: URL, snapshot: SessionSnapshot, clock: @escaping @Sendable () -> Date) {
        self.fileURL = fileURL.standardizedFileURL
        self.session = snapshot.session
        self.saved = snapshot.session
        self.generation = snapshot.generation
        self.journal = snapshot.journal
        self.compactionLength = Self.compactionLength(fileSize: snapshot.fileSize)
        self.fileIdentity = snapshot.fileIdentity
        self.clock = clock
    }

    /// Writes a new session file (creating its folder) and returns its store. Refuses to replace
    /// an existing file, or to start beside a journal left by another session of that name.
    public static func create(at fileURL: URL, session: StudioSession,
                              clock: @escaping @Sendable () -> Date = SessionTimestamp.now) throws(SessionError) -> SessionStore {
        if FileManager.default.fileExists(atPath: fileURL.path) { throw .alreadyExists(path: fileURL.path) }
        let journalURL = SessionJournal.url(besides: fileURL)
        if FileMove.exists(journalURL) { throw .alreadyExists(path: journalURL.path) }
        let folder = fileURL.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: fileURL.path, reason: "cannot create the folder \(folder.path)")
        }
        let data = try SessionSnapshot.encode(session, generation: 0, source: fileURL.path)
        let snapshot = SessionSnapshot(session: session, generation: 0, journal: SessionJournal(url: journalURL),
                                       journalIsStale: false, fileSize: data.count)
        let store = SessionStore(fileURL: fileURL, snapshot: snapshot, clock: clock)
        do { try AtomicFile.create(data, at: store.fileURL) } catch {
            if error.code == EEXIST { throw .alreadyExists(path: fileURL.path) }
            throw .writeFailed(path: fileURL.path, reason: error.reason)
        }
        store.fileIdentity = SessionSnapshot.identity(store.fileURL)
        return store
    }

    /// Opens an existing session file, with the changes its journal holds, putting right what an
    /// interrupted save left: see `recovery`. A journal the file already holds is removed. Takes
    /// whose audio has gone do not stop it opening: see `missingAudio`.
    public static func open(at fileURL: URL,
                            clock: @escaping @Sendable () -> Date = SessionTimestamp.now) throws(SessionError) -> SessionStore {
        // The default takes folder is listed while the file is parsed; recovery uses the
        // listing if the session keeps its takes there.
        let boundary = SessionFolder(fileURL.standardizedFileURL.deletingLastPathComponent())
        let early = (try? boundary.resolve(StudioSettings.defaultOutputFolder, what: "the takes folder"))
            .map { PendingFolderListing(path: $0.path) }
        var snapshot = try SessionSnapshot.read(fileURL)
        if snapshot.journalIsStale { snapshot.journal.remove() }
        let store = SessionStore(fileURL: fileURL, snapshot: snapshot, clock: clock)
        store.recovery = store.recoverInterruptedSaves(listed: early)
        return store
    }

    /// The session as its files hold it (the file with its journal replayed), for a program that
    /// only reads it: nothing on disk is changed, so it may run beside the studio that writes it.
    public static func load(at fileURL: URL) throws(SessionError) -> StudioSession {
        try SessionSnapshot.read(fileURL).session
    }

    /// Applies `change` to the session, stamps `modified` and saves. If `change` throws, nothing
    /// changes. If the save fails, the change is kept in memory and the save error is thrown.
    public func update(_ change: (inout StudioSession) throws(SessionError) -> Void) throws(SessionError) {
        var changed = session
        try change(&changed)
        changed.modified = clock()
        session = changed
        hasUnsavedChanges = true
        try save()
    }

    /// The files now hold the session as it is in memory.
    func markSaved() {
        let previous = saved
        saved = session
        hasUnsavedChanges = false
        // The previous session shares all but the changed chunks of takes with this one (see
        // `TakeList`); after a change to every take (a reversed list) it holds a copy of its
        // own, and freeing that (a release for each string) is done off the key press's time.
        Self.releaseQueue.async { withExtendedLifetime(previous) {} }
    }

    private static let releaseQueue = DispatchQueue(label: "clipsonic.session.release", qos: .utility)

    /// Stars a take: copies its audio into the favourites folder with a JSON sidecar beside it
    /// (never replacing a file there) and sets its flag. A take starred before whose copy is
    /// still there is not copied again. `bundleName` defaults to the bundle folder's name.
    @discardableResult
    public func star(_ id: Take.ID, bundleName: String? = nil) throws(SessionError) -> FavouriteCopy {
        guard let take = session.take(id) else { throw .takeNotFound(id: id) }
        // A recorded copy outside the folder is not trusted to be the copy: a new one is made.
        if let previous = take.favouriteCopyPath,
           let audio = try? boundary.resolve(previous, what: "the favourite copy") {
            let sidecar = audio.deletingPathExtension().appendingPathExtension("json")
            if FileManager.default.fileExists(atPath: audio.path) {
                try update { session throws(SessionError) in try session.setFavourite(true, forTake: id) }
                return FavouriteCopy(audioURL: audio, sidecarURL: sidecar)
            }
        }
        let name = bundleName ?? URL(fileURLWithPath: session.bundlePath).lastPathComponent
        let copy = try FavouriteExporter.export(take, source: try audioURL(of: take),
                                                favouritesFolder: try favouritesFolderURL(),
                                                bundleName: name, starred: clock())
        let stored = SessionPath.stored(copy.audioURL, sessionFolder: folder)
        try update { session throws(SessionError) in
            try session.setFavourite(true, forTake: id)
            if let index = session.takeIndex(id) { session.takes[index].favouriteCopyPath = stored }
        }
        return copy
    }

    /// Clears a take's favourite flag and removes its copy and sidecar from the favourites folder.
    /// The files stay, and the outcome says why, when they are not plainly this take's: outside
    /// the session folder, a sidecar that names another take or does not read, or a folder that
    /// cannot be written. The session is saved before the files go, so a kill in between leaves
    /// a whole session and at worst a copy nobody names.
    @discardableResult
    public func unstar(_ id: Take.ID) throws(SessionError) -> UnstarOutcome {
        guard let take = session.take(id) else { throw .takeNotFound(id: id) }
        let why = reasonToKeepCopy(of: take)
        let audio = take.favouriteCopyPath.flatMap { try? boundary.resolve($0, what: "the favourite copy") }
        try update { session throws(SessionError) in
            try session.setFavourite(false, forTake: id)
            if why == nil, let index = session.takeIndex(id) { session.takes[index].favouriteCopyPath = nil }
        }
        if let why { return .kept(reason: why) }
        guard let audio, let sidecar = favouriteSidecarURL(of: take) else { return .noCopy }
        let audioThere = FileMove.exists(audio), sidecarThere = FileMove.exists(sidecar)
        guard audioThere || sidecarThere else { return .noCopy }
        for file in [audio, sidecar] where FileMove.exists(file) && unlink(file.path) != 0 {
            return .kept(reason: "\(file.path) could not be removed: \(String(cString: strerror(errno)))")
        }
        return .removed(FavouriteCopy(audioURL: audio, sidecarURL: sidecar))
    }

    /// Why a favourite's files must not be removed, if they must not.
    private func reasonToKeepCopy(of take: Take) -> String? {
        guard let stored = take.favouriteCopyPath else { return nil }
        let audio: URL
        do { audio = try boundary.resolve(stored, what: "the favourite copy") } catch { return "\(error)" }
        let sidecar = audio.deletingPathExtension().appendingPathExtension("json")
        if FileMove.exists(sidecar) {
            do {
                let record = try FavouriteSidecar.load(from: sidecar)
                if record.takeID != take.id {
                    return "\(sidecar.path) names another take (\(record.takeID.uuidString)); its files are left alone"
                }
            } catch {
                return "\(sidecar.path) is not this take's sidecar (\(error)); its files are left alone"
            }
        }
        let folder = audio.deletingLastPathComponent()
        if (FileMove.exists(audio) || FileMove.exists(sidecar)), access(folder.path, W_OK) != 0 {
            return "the favourites folder \(folder.path) is not writable (\(String(cString: strerror(errno))))"
        }
        return nil
    }
}
