import Engine
import Foundation
import Models
import Playback
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Putting a session right after a save was interrupted (see `SessionRecovery`); `open` runs it.
extension SessionStore {
    /// Removes the session file's temporary files and the abandoned ones of its takes and
    /// favourites folders (which other programs may be writing into), then adds back, as recovered takes, the audio files in the takes folder that
    /// carry a recipe but that no take (nor deleted take) names. A file without a recipe is
    /// left alone: every take the studio writes has its recipe in the same atomic write, so such
    /// a file is not a take an interrupted save lost but someone's own, and a take made up for it
    /// would claim a prompt and seed that did not make it. Saves through `update`.
    func recoverInterruptedSaves(now: Date = Date(), listed early: PendingFolderListing? = nil) -> SessionRecovery {
        var report = SessionRecovery()
        func note(_ sweep: AtomicFile.TemporarySweep) {
            report.removedTemporaries += sweep.removed
            report.keptTemporaries += sweep.kept
        }
        // The session file is written beside the file a symbolic link leads to: its temporaries
        // are there. This store is its one writer, so every one of them is stale.
        if let target = try? AtomicFile.finalTarget(of: fileURL) {
            report.removedTemporaries += AtomicFile.removeStaleTemporaries(besides: target)
        }
        // Both folders are resolved inside the session folder; nothing outside it is looked at.
        let takesFolder = try? outputFolderURL()
        // The takes folder is listed once, for its temporaries and its unlisted audio.
        var takesListing = takesFolder.flatMap { early?.listing(of: $0.path) ?? FolderListing(path: $0.path) }
        if let takesFolder, var listing = takesListing {
            let sweep = AtomicFile.removeAbandonedTemporaries(in: takesFolder, names: listing.kinds.keys, now: now) { _ in true }
            note(sweep)
            for removed in sweep.removed { listing.remove(removed.lastPathComponent) }
            takesListing = listing
            openingListing = (takesFolder.path, listing)
        }
        if let favourites = try? favouritesFolderURL(), favourites.path != takesFolder?.path {
            note(AtomicFile.removeAbandonedTemporaries(in: favourites, now: now) { _ in true })
        }
        guard let takesFolder, let takesListing else { return report }
        var found: [Take] = []
        for file in unlistedAudio(in: takesFolder, listing: takesListing) {
            switch recoveredTake(from: file, now: now) {
            case .take(let take): found.append(take)
            case .leftAlone(let why): report.leftAlone.append(why)
            }
        }
        guard !found.isEmpty else { return report }
        found.sort { ($0.created, $0.audioPath) < ($1.created, $1.audioPath) }
        report.recoveredTakes = found.map(\.id)
        report.recoveredPaths = found.map(\.audioPath)
        do {
            try update { session in for take in found { session.addTake(take) } }
        } catch {
            report.saveFailure = error
        }
        return report
    }

    /// Regular audio files (by extension) directly in `folder` that no take, deleted take or
    /// favourite copy is: compared by device and inode, so another spelling of a listed path
    /// is still that file. Hidden files (temporary files among them) and links are skipped.
    ///
    /// A name the session lists in this folder in the plain form ("takes/take-12.wav") is that
    /// file without asking the file system; identities are looked up only for what is left, so
    /// that opening a session of 100,000 takes stats none of them (issue #17).
    private func unlistedAudio(in folder: URL, listing: FolderListing) -> [URL] {
        let base = boundary.url.path
        let folderPart: Substring? = folder.path == base ? ""
            : folder.path.hasPrefix(base + "/") ? folder.path.dropFirst(base.count + 1) : nil
        // "takes/" for the usual folder: a plain path in it is this prefix and a plain name.
        let prefix = folderPart.flatMap { part in
            part.isEmpty ? [] : SessionFolderSurvey.plainParts(String(part)).map { _ in Array(part.utf8) + [UInt8(ascii: "/")] }
        }
        var namedHere = Set<String>(minimumCapacity: session.takes.count)
        var namedElsewhere: [String] = []
        // Sidecars (half of the names either side) cannot be audio: they are left out of the
        // set and skipped in the listing before any hashing.
        forEachListedPath { path in
            if let prefix, let name = Self.plainName(path, after: prefix) {
                if !Self.isJSONName(name.utf8) { namedHere.insert(name) }
            } else {
                namedElsewhere.append(path)
            }
        }
        var candidates: [(url: URL, info: stat)] = []
        for (name, kind) in listing.kinds where kind == .regular && name.utf8.first != UInt8(ascii: ".") && !Self.isJSONName(name.utf8) {
            guard !namedHere.contains(name), let dot = name.lastIndex(of: "."),
                  AudioContainer(fileExtension: String(name[name.index(after: dot)...])) != nil
            else { continue }
            let url = folder.appendingPathComponent(name)
            var info = stat()
            guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            candidates.append((url, info))
        }
        guard !candidates.isEmpty else { return [] }
        // A hard link may be a listed file under a plain name of its own: then every listed
        // path is looked up, as before.
        let anyLinked = candidates.contains { $0.info.st_nlink > 1 }
        var all: [String] = []
        if anyLinked { forEachListedPath { all.append($0) } }
        let listed = identities(of: anyLinked ? all : namedElsewhere)
        return candidates.filter { !listed.contains(OpenFiles.Identity($0.info)) }.map(\.url)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Whether a name ends in ".json", by its bytes (`hasSuffix` compares Characters, a
    /// measurable part of looking through 200,000 names).
    private static func isJSONName<Bytes: BidirectionalCollection>(_ utf8: Bytes) -> Bool where Bytes.Element == UInt8 {
        utf8.reversed().starts(with: ".json".utf8.reversed())
    }

    /// Every path the session names: takes' audio, sidecars and favourite copies, deleted
    /// takes' old and trashed audio.
    private func forEachListedPath(_ body: (String) -> Void) {
        session.takes.forEachInPlace { _, take in
            body(take.audioPath)
            if let sidecar = take.sidecarPath { body(sidecar) }
            if let copy = take.favouriteCopyPath { body(copy) }
        }
        for deleted in session.trash {
            for path in [deleted.take.audioPath, deleted.take.sidecarPath, deleted.take.favouriteCopyPath, deleted.trashPath] {
                if let path { body(path) }
            }
        }
    }

    /// The name of a path in the plain form (see `SessionFolderSurvey.plainParts`) directly in
    /// the folder whose plain path and "/" are `prefix`; nil for any other path. Compared by
    /// bytes: splitting 200,000 paths into parts and hashing the parts as Substrings was most
    /// of recovery's time in a session of 100,000 takes (issue #17).
    static func plainName(_ path: String, after prefix: [UInt8]) -> String? {
        let utf8 = path.utf8
        guard utf8.count > prefix.count, utf8.starts(with: prefix) else { return nil }
        let name = utf8.dropFirst(prefix.count)
        guard !name.contains(UInt8(ascii: "/")) else { return nil }
        if name.first == UInt8(ascii: "."), name.count <= 2, name.allSatisfy({ $0 == UInt8(ascii: ".") }) { return nil }
        return String(Substring(name))
    }

    /// The identities of the files at `paths` that resolve inside the session folder.
    private func identities(of paths: [String]) -> Set<OpenFiles.Identity> {
        var identities = Set<OpenFiles.Identity>()
        for path in paths {
            guard let url = try? boundary.resolve(path, what: "a file the session names") else { continue }
            var info = stat()
            if stat(url.path, &info) == 0 { identities.insert(OpenFiles.Identity(info)) }
        }
        return identities
    }

    private enum Finding {
        case take(Take)
        case leftAlone(SessionRecovery.LeftAlone)
    }

    /// The take a file's recipe describes, or why the file is left alone.
    private func recoveredTake(from file: URL, now: Date) -> Finding {
        let info: AudioFileInfo
        do { info = try AudioFile.readMetadata(file) } catch {
            return .leftAlone(.init(file: file, reason: "it is not a readable audio file (\(error))"))
        }
        let recipe: TakeRecipe
        do { recipe = try info.tags.readRecipe() } catch {
            return .leftAlone(.init(file: file, reason: "it has no CLIPSonic recipe in its tags (\(error)), "
                                  + "so it is not a take this studio wrote; move it elsewhere to silence this"))
        }
        let written = info.tags.date.flatMap { ISO8601DateFormatter().date(from: $0) } ?? modificationDate(of: file)
        return .take(Take(request: recipe.request, audioPath: SessionPath.stored(file, sessionFolder: folder),
                             created: SessionTimestamp.normalized(written ?? now), duration: info.duration,
                             recovered: SessionTimestamp.normalized(now)))
    }

    private func modificationDate(of file: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date
    }
}
