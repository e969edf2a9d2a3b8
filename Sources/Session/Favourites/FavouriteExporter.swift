import Foundation
import Models
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies a take's audio into the favourites folder with a sidecar beside it. Never replaces a
/// file: if `rain.wav` or `rain.json` is taken, it tries `rain-2`, `rain-3`, ...; each file
/// appears whole or not at all (see `AtomicFile`).
enum FavouriteExporter {
    /// Names tried before giving up; a folder with this many `rain-N` files is not a favourites
    /// folder any more.
    static let maximumSuffix = 10_000

    /// `source` is the take's audio, already checked to lie inside the session folder.
    static func export(_ take: Take, source: URL, favouritesFolder: URL, bundleName: String,
                       starred: Date) throws(SessionError) -> FavouriteCopy {
        let input: Int32
        do { input = try RegularFile.openForReading(source.path) } catch {
            if error.code == ENOENT { throw .audioMissing(takeID: take.id, path: source.path) }
            throw .readFailed(path: source.path, reason: error.reason)
        }
        defer { close(input) }
        do {
            try FileManager.default.createDirectory(at: favouritesFolder, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: favouritesFolder.path, reason: "cannot create the favourites folder (\(error.localizedDescription))")
        }
        let stem = source.deletingPathExtension().lastPathComponent
        let pathExtension = source.pathExtension
        for suffix in 1...maximumSuffix {
            let name = suffix == 1 ? stem : "\(stem)-\(suffix)"
            let audio = favouritesFolder.appendingPathComponent(pathExtension.isEmpty ? name : "\(name).\(pathExtension)")
            let sidecar = favouritesFolder.appendingPathComponent("\(name).json")
            if exists(audio) || exists(sidecar) { continue }
            let record = FavouriteSidecar(takeID: take.id, request: take.request, timings: take.timings,
                                          bundleName: bundleName, audioFile: audio.lastPathComponent,
                                          created: take.created, starred: starred, duration: take.duration,
                                          note: take.note)
            let data = try record.encoded(source: sidecar.path)
            do {
                // A retry after EEXIST reads the audio again from its start.
                lseek(input, 0, SEEK_SET)
                try AtomicFile.copyNew(from: input, source: source, to: audio)
            } catch where error.code == EEXIST {
                continue  // another writer took the name between the check and the copy
            } catch {
                throw .writeFailed(path: audio.path, reason: error.description)
            }
            do {
                try AtomicFile.create(data, at: sidecar)
            } catch {
                unlink(audio.path)
                if error.code == EEXIST { continue }
                throw .writeFailed(path: sidecar.path, reason: error.description)
            }
            return FavouriteCopy(audioURL: audio, sidecarURL: sidecar)
        }
        throw .writeFailed(path: favouritesFolder.appendingPathComponent(stem).path,
                           reason: "names \(stem) to \(stem)-\(maximumSuffix) are all taken")
    }

    private static func exists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }
}
