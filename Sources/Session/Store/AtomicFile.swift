import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file writes. A new version is written to a temporary file in the same folder,
/// flushed to disk, and renamed over the old one; rename is atomic within a file system, so a
/// kill or power cut at any moment leaves either the old file or the new one, never a mix.
/// The folder is flushed too, or the rename itself could be lost in a power cut.
enum AtomicFile {
    /// Replaces `url` with `data`, or creates it. On failure the old file is untouched and the
    /// temporary file is removed.
    /// A symbolic link is written through: its target is replaced and the link kept, as a user
    /// who linked `session.json` into a synced folder expects.
    static func replace(_ link: URL, with data: Data, fault: AtomicWriteFault? = nil) throws(FileSystemError) {
        let url = try finalTarget(of: link)
        let path = url.path
        // Keep the permissions of the file being replaced; a new file gets 0666 less the umask.
        var existing = stat()
        let mode: mode_t? = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : nil
        let temporary = try writeTemporary(data, besides: url, mode: mode, fault: fault)
        if fault == .rename || rename(temporary, path) != 0 {
            let error = fault == .rename ? FileSystemError(path: path, operation: "renaming the temporary file into place",
                                                           code: EIO)
                                         : FileSystemError.current(path, "renaming the temporary file into place")
            unlink(temporary)
            throw error
        }
        syncFolder(of: url)
    }

    /// Creates `url` with `data`, failing with EEXIST rather than replacing an existing file.
    static func create(_ data: Data, at url: URL) throws(FileSystemError) {
        let temporary = try writeTemporary(data, besides: url, mode: nil, fault: nil)
        try publishWithoutReplacing(temporary, at: url)
    }

    /// Where writing `url` lands: `url` itself, or the file a symbolic link at `url` leads to
    /// (through any chain of links). A link whose target is missing is refused rather than
    /// replaced by a file.
    static func finalTarget(of url: URL) throws(FileSystemError) -> URL {
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return url }
        guard let resolved = realpath(url.path, nil) else {
            throw .current(url.path, "following the symbolic link to the file it names")
        }
        defer { free(resolved) }
        return URL(fileURLWithPath: String(cString: resolved))
    }

    /// Copies the open file `input` (read from its current position; `source` names it in
    /// errors) to a new file `destination`, failing with EEXIST rather than replacing one. The
    /// caller opens it, with `RegularFile.openForReading`, so that it can say what was wrong with it.
    static func copyNew(from input: Int32, source: URL, to destination: URL) throws(FileSystemError) {
        let temporary = try writeTemporary(besides: destination, mode: nil, fault: nil) { output throws(FileSystemError) in
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count < 0 { throw .current(source.path, "reading the file to copy") }
                if count == 0 { return }
                let failure = buffer.withUnsafeBytes { bytes in
                    writeAll(output, UnsafeRawBufferPointer(rebasing: bytes[0..<count]), path: destination.path)
                }
                if let failure { throw failure }
            }
        }
        try publishWithoutReplacing(temporary, at: destination)
    }

    /// Removes temporary files a killed writer left beside `url`; returns how many. Only one
    /// writer may own a file at a time, so any such file is stale.
    @discardableResult
    static func removeStaleTemporaries(besides url: URL) -> Int {
        let folder = url.deletingLastPathComponent()
        let prefix = temporaryPrefix(for: url)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(prefix) {
            if unlink(folder.appendingPathComponent(name).path) == 0 { removed += 1 }
        }
        return removed
    }

    static func temporaryPrefix(for url: URL) -> String { ".\(url.lastPathComponent).tmp-" }

    private static func writeTemporary(_ data: Data, besides url: URL, mode: mode_t?,
                                       fault: AtomicWriteFault?) throws(FileSystemError) -> String {
        try writeTemporary(besides: url, mode: mode, fault: fault) { descriptor throws(FileSystemError) in
            if fault == .write { throw FileSystemError(path: url.path, operation: "writing the temporary file", code: ENOSPC) }
            if let failure = data.withUnsafeBytes({ writeAll(descriptor, $0, path: url.path) }) { throw failure }
        }
    }

    /// Creates a uniquely named temporary file beside `url`, fills it with `fill`, flushes and
    /// closes it; returns its path. Removes it again on any failure.
    private static func writeTemporary(besides url: URL, mode: mode_t?, fault: AtomicWriteFault?,
                                       fill: (Int32) throws(FileSystemError) -> Void) throws(FileSystemError) -> String {
        let folder = url.deletingLastPathComponent()
        var descriptor: Int32 = -1
        var temporary = ""
        for _ in 0..<32 {
            let suffix = String(UInt32.random(in: 0 ... .max), radix: 16)
            temporary = folder.appendingPathComponent(temporaryPrefix(for: url) + suffix).path
            if fault == .createTemporary { throw FileSystemError(path: url.path, operation: "creating a temporary file", code: EACCES) }
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw .current(url.path, "creating a temporary file in \(folder.path)") }
        do throws(FileSystemError) {
            if let mode, fchmod(descriptor, mode) != 0 { throw FileSystemError.current(url.path, "setting permissions") }
            try fill(descriptor)
            if fault == .sync { throw FileSystemError(path: url.path, operation: "flushing the temporary file", code: EIO) }
            if fsync(descriptor) != 0 { throw FileSystemError.current(url.path, "flushing the temporary file") }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        // close can report a deferred write error (NFS); then the data is not safe.
        if close(descriptor) != 0 {
            let error = FileSystemError.current(url.path, "closing the temporary file")
            unlink(temporary)
            throw error
        }
        return temporary
    }

    /// Gives the finished temporary file its final name unless that name exists. A hard link
    /// fails atomically with EEXIST; on file systems without hard links the name is first
    /// claimed with O_EXCL, then the temporary file is renamed over the claim.
    private static func publishWithoutReplacing(_ temporary: String, at url: URL) throws(FileSystemError) {
        defer { unlink(temporary) }
        if link(temporary, url.path) != 0 {
            let linkError = errno
            guard linkError == EPERM || linkError == ENOTSUP || linkError == EOPNOTSUPP || linkError == EMLINK else {
                throw FileSystemError(path: url.path, operation: "creating the file", code: linkError)
            }
            let claim = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            guard claim >= 0 else { throw .current(url.path, "creating the file") }
            close(claim)
            if rename(temporary, url.path) != 0 {
                let error = FileSystemError.current(url.path, "renaming the temporary file into place")
                unlink(url.path)
                throw error
            }
        }
        syncFolder(of: url)
    }

    /// Writes every byte, retrying short writes and interrupts; returns the failure, if any.
    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) -> FileSystemError? {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written < 0 { return .current(path, "writing the temporary file") }
            offset += written
        }
        return nil
    }

    /// Best effort: some file systems refuse fsync on a folder (EINVAL); the rename has happened
    /// by then and the data is safe against a crash of this process, which is what matters most.
    private static func syncFolder(of url: URL) {
        let folder = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return }
        fsync(folder)
        close(folder)
    }
}
