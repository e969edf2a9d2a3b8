import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The project's one way to write a file: sessions, favourites, audio, weights, bundles.
///
/// A new version is written to a temporary file in the destination's folder, flushed to disk,
/// and then renamed over the destination (or hard-linked to a new name, never replacing one);
/// the folder is flushed too, or the rename itself could be lost in a power cut. Rename is
/// atomic within a file system, so a kill, a full disk or a power cut at any moment leaves the
/// old file or the new one, never a mix, and a reader never sees a half-written file.
///
///     try AtomicFile.replace(url, with: data)            // create or replace
///     try AtomicFile.create(data, at: url)               // EEXIST rather than replace
///     try AtomicFile.write(to: url) { file throws(FileWriteError) in try file.write(bytes) }
///     let staged = try AtomicFile.Staged(creating: url)  // for libraries that want a descriptor
///
/// Replacing keeps the old file's permissions, and writes through a symbolic link: the link's
/// target is replaced and the link kept, as a user who linked `session.json` into a synced
/// folder expects. Errors are `FileWriteError`s that name the file, the step and what to do.
public enum AtomicFile {
    /// Replaces `url` with `data`, or creates it. On failure the old file is untouched and the
    /// temporary file is removed. `fault` is for tests.
    public static func replace(_ url: URL, with data: Data, fault: AtomicWriteFault? = nil) throws(FileWriteError) {
        try write(to: url, replacing: true, fault: fault) { file throws(FileWriteError) in try file.write(data) }
    }

    /// Creates `url` with `data`, failing with EEXIST rather than replacing an existing file.
    public static func create(_ data: Data, at url: URL) throws(FileWriteError) {
        try write(to: url, replacing: false) { file throws(FileWriteError) in try file.write(data) }
    }

    /// Writes `url` with whatever `fill` writes into the staged file, then publishes it:
    /// replacing any file there, or (with `replacing: false`) failing with EEXIST.
    public static func write(to url: URL, replacing: Bool = true, fault: AtomicWriteFault? = nil,
                             fill: (Staged) throws(FileWriteError) -> Void) throws(FileWriteError) {
        let staged = replacing ? try Staged(replacing: url, fault: fault) : try Staged(creating: url, fault: fault)
        defer { staged.discard() }
        try fill(staged)
        try staged.commit()
    }

    /// Copies the open file `input` (read from its current position; `source` names it in
    /// errors) to a new file `destination`, failing with EEXIST rather than replacing one. The
    /// caller opens it, with `RegularFile.openForReading`, so that it can say what was wrong with it.
    public static func copyNew(from input: Int32, source: URL, to destination: URL) throws(FileWriteError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        try write(to: destination, replacing: false) { file throws(FileWriteError) in
            while true {
                let count = read(input, buffer.baseAddress, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if count < 0 { throw .current(source.path, "reading the file to copy") }
                if count == 0 { return }
                try file.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
        }
    }

    /// Where writing `url` lands: `url` itself, or the file a symbolic link at `url` leads to
    /// (through any chain of links). A link whose target is missing is refused rather than
    /// replaced by a file.
    public static func finalTarget(of url: URL) throws(FileWriteError) -> URL {
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return url }
        guard let resolved = realpath(url.path, nil) else {
            throw .current(url.path, "following the symbolic link to the file it names")
        }
        defer { free(resolved) }
        return URL(fileURLWithPath: String(cString: resolved))
    }

    /// Removes temporary files a killed writer left beside `url`; returns them. For files that
    /// one writer owns at a time (a session), where any such file is stale; for folders that
    /// writers share, see `removeAbandonedTemporaries(in:where:)`.
    @discardableResult
    public static func removeStaleTemporaries(besides url: URL) -> [URL] {
        let folder = url.deletingLastPathComponent()
        let prefix = temporaryPrefix(for: url)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var removed: [URL] = []
        for name in names.sorted() where name.hasPrefix(prefix) {
            let file = folder.appendingPathComponent(name)
            if unlink(file.path) == 0 { removed.append(file) }
        }
        return removed
    }

    /// Temporary files for `url` are named this, then a random suffix: hidden, and recognisable.
    public static func temporaryPrefix(for url: URL) -> String { ".\(url.lastPathComponent).tmp-" }

    /// Makes a rename or link in `folder` durable: the directory entry lives in the folder's own
    /// blocks. Best effort: some file systems refuse fsync on a folder (EINVAL); the rename has
    /// happened by then and the data is safe against a crash of this process.
    static func syncFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
