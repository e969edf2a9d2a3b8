import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A temporary file in the destination's folder that becomes the destination only once it is
/// complete and on disk: write, `fsync`, then rename (or hard-link, to never replace). A reader
/// never sees a half-written take and a crash leaves the old file, or none, in place.
final class AtomicFile {
    /// The open descriptor of the temporary file; valid until `finish` or `discard`.
    private(set) var descriptor: Int32
    let temporaryPath: String
    let folder: String
    /// True once the temporary name is gone (renamed, linked and unlinked, or removed).
    private var temporaryGone = false

    /// Creates `.<name>.<random>.tmp` beside `destination` (mode 0666 less the umask).
    init(besides destination: URL) throws(AudioFileError) {
        folder = destination.deletingLastPathComponent().path
        let name = destination.lastPathComponent
        var lastError: Int32 = 0
        for _ in 0..<16 {
            let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let path = (folder as NSString).appendingPathComponent(".\(name).\(suffix).tmp")
            let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 {
                descriptor = fd
                temporaryPath = path
                return
            }
            lastError = errno
            if lastError != EEXIST { break }
        }
        throw .cannotCreate(path: destination.path, reason: AtomicFile.describe(lastError))
    }

    deinit { discard() }

    /// Flushes the data to disk and closes the descriptor; the destination is still untouched.
    func finish(destination: String) throws(AudioFileError) {
        if fsync(descriptor) != 0 {
            let code = errno
            discard()
            throw .writeFailed(path: destination, reason: AtomicFile.describe(code))
        }
        let status = close(descriptor)
        descriptor = -1
        if status != 0 {
            let code = errno
            discard()
            throw .writeFailed(path: destination, reason: AtomicFile.describe(code))
        }
    }

    /// Renames the finished temporary file onto `destination`, replacing any file there.
    func commit(replacing destination: String) throws(AudioFileError) {
        guard rename(temporaryPath, destination) == 0 else {
            let code = errno
            discard()
            throw .writeFailed(path: destination, reason: AtomicFile.describe(code))
        }
        temporaryGone = true
        syncFolder()
    }

    /// Links the finished temporary file to the first name from `candidates` that does not
    /// exist, then removes the temporary name. `link` fails with EEXIST instead of replacing,
    /// so a file that appears between the check and the commit is never clobbered.
    func commit(toFirstFree candidates: (Int) -> String, attempts: Int = 10_000) throws(AudioFileError) -> String {
        var last = candidates(1)
        for attempt in 1...max(attempts, 1) {
            last = candidates(attempt)
            if link(temporaryPath, last) == 0 {
                unlink(temporaryPath)
                temporaryGone = true
                syncFolder()
                return last
            }
            let code = errno
            switch code {
            case EEXIST:
                continue
            case EPERM, EOPNOTSUPP, EXDEV, EMLINK:
                // Filesystems without hard links (FAT, some FUSE mounts): check, then rename.
                if access(last, F_OK) == 0 { continue }
                try commit(replacing: last)
                return last
            default:
                discard()
                throw .writeFailed(path: last, reason: AtomicFile.describe(code))
            }
        }
        discard()
        throw .alreadyExists(path: last)
    }

    /// Closes and removes the temporary file unless it was committed; safe to call twice.
    func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        if !temporaryGone {
            unlink(temporaryPath)
            temporaryGone = true
        }
    }

    /// Makes the rename itself durable: the directory entry lives in the folder's own blocks.
    private func syncFolder() {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
