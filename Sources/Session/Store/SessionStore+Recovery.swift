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
    func recoverInterruptedSaves(now: Date = Date()) -> SessionRecovery {
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
        for folder in [takesFolder, try? favouritesFolderURL()].compactMap({ $0 }) {
            note(AtomicFile.removeAbandonedTemporaries(in: folder, now: now) { _ in true })
        }
        guard let takesFolder else { return report }
        var found: [Take] = []
        for file in unlistedAudio(in: takesFolder) {
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
    private func unlistedAudio(in folder: URL) -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        let listed = listedFiles()
        return names.sorted().compactMap { name -> URL? in
            guard !name.hasPrefix("."), AudioContainer(fileExtension: URL(fileURLWithPath: name).pathExtension) != nil
            else { return nil }
            let url = folder.appendingPathComponent(name)
            var info = stat()
            guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                  !listed.contains(OpenFiles.Identity(info)) else { return nil }
            return url
        }
    }

    /// Every file the session names, by identity: takes' audio, sidecars and favourite copies,
    /// deleted takes' old and trashed audio.
    private func listedFiles() -> Set<OpenFiles.Identity> {
        let takes = session.takes + session.trash.map(\.take)
        let paths = takes.flatMap { [$0.audioPath, $0.sidecarPath, $0.favouriteCopyPath].compactMap { $0 } }
            + session.trash.map(\.trashPath)
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
