import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// A temporary file beside its destination that becomes the destination only once it is
    /// complete and on disk. Write into it (or hand `descriptor` to a library such as
    /// libsndfile), then `commit`; dropping it unpublished removes the temporary file.
    public final class Staged {
        /// Where `commit()` puts the file: for a replacement, the file a symbolic link leads to.
        public let destination: URL
        /// The open descriptor of the temporary file; -1 once it is flushed and closed.
        public private(set) var descriptor: Int32
        public let temporaryPath: String
        private let replacing: Bool
        private let fault: AtomicWriteFault?
        /// True once the temporary name is gone (renamed, linked and unlinked, or removed).
        private var temporaryGone = false

        /// Stages a file that `commit()` renames over `url` (or its link's target), keeping the
        /// permissions of the file it replaces; a new file gets 0666 less the umask.
        public convenience init(replacing url: URL, fault: AtomicWriteFault? = nil) throws(FileWriteError) {
            let target = try AtomicFile.finalTarget(of: url)
            var existing = stat()
            let mode: mode_t? = stat(target.path, &existing) == 0 ? existing.st_mode & 0o7777 : nil
            try self.init(destination: target, replacing: true, mode: mode, fault: fault)
        }

        /// Stages a file that `commit()` publishes at `url` only if no file (nor link) has that
        /// name, failing with EEXIST otherwise.
        public convenience init(creating url: URL, fault: AtomicWriteFault? = nil) throws(FileWriteError) {
            try self.init(destination: url, replacing: false, mode: nil, fault: fault)
        }

        private init(destination: URL, replacing: Bool, mode: mode_t?, fault: AtomicWriteFault?) throws(FileWriteError) {
            self.destination = destination
            self.replacing = replacing
            self.fault = fault
            let folder = destination.deletingLastPathComponent()
            let path = destination.path
            if fault == .createTemporary {
                throw FileWriteError(path: path, operation: "creating a temporary file in \(folder.path)", code: EACCES)
            }
            var created: (Int32, String)?
            for _ in 0..<32 {
                let suffix = String(UInt32.random(in: 0 ... .max), radix: 16)
                let candidate = folder.appendingPathComponent(AtomicFile.temporaryPrefix(for: destination) + suffix).path
                let opened = open(candidate, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
                if opened >= 0 { created = (opened, candidate); break }
                if errno != EEXIST { break }
            }
            guard let (opened, temporary) = created else {
                throw .current(path, "creating a temporary file in \(folder.path)")
            }
            descriptor = opened
            temporaryPath = temporary
            if let mode, fchmod(opened, mode) != 0 {
                let error = FileWriteError.current(path, "setting the permissions of the temporary file")
                discard()
                throw error
            }
        }

        deinit { discard() }

        /// Appends every byte, retrying short writes and interrupts.
        public func write(_ bytes: UnsafeRawBufferPointer) throws(FileWriteError) {
            if fault == .write { throw FileWriteError(path: destination.path, operation: "writing the temporary file", code: ENOSPC) }
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written < 0 { throw .current(destination.path, "writing the temporary file") }
                offset += written
            }
        }

        public func write(_ data: Data) throws(FileWriteError) {
            // Typed throws cannot cross `withUnsafeBytes`'s rethrows, so carry the result out.
            try data.withUnsafeBytes { bytes in result { () throws(FileWriteError) in try write(bytes) } }.get()
        }

        public func write(_ bytes: [UInt8]) throws(FileWriteError) {
            try bytes.withUnsafeBytes { raw in result { () throws(FileWriteError) in try write(raw) } }.get()
        }

        /// Flushes the data to disk and closes the descriptor; the destination is still
        /// untouched. `commit` calls it; call it first when a library closed the descriptor's
        /// stream and a flush failure must be told apart.
        public func finish() throws(FileWriteError) {
            guard descriptor >= 0 else { return }
            if fault == .sync || fsync(descriptor) != 0 {
                let error = fault == .sync ? FileWriteError(path: destination.path, operation: "flushing the temporary file", code: EIO)
                                           : FileWriteError.current(destination.path, "flushing the temporary file")
                discard()
                throw error
            }
            // close can report a deferred write error (NFS); then the data is not safe.
            let status = close(descriptor)
            descriptor = -1
            if status != 0 {
                let error = FileWriteError.current(destination.path, "closing the temporary file")
                discard()
                throw error
            }
        }

        /// Publishes the file at `destination`: renamed over it, or, for a new file, linked to
        /// it unless that name exists (EEXIST). On failure the temporary file is removed.
        public func commit() throws(FileWriteError) {
            try finish()
            if replacing {
                if fault == .rename || rename(temporaryPath, destination.path) != 0 {
                    let error = fault == .rename
                        ? FileWriteError(path: destination.path, operation: "renaming the temporary file into place", code: EIO)
                        : FileWriteError.current(destination.path, "renaming the temporary file into place")
                    discard()
                    throw error
                }
                temporaryGone = true
                AtomicFile.syncFolder(destination.deletingLastPathComponent())
            } else {
                defer { discard() }
                try publishNew(at: destination)
            }
        }

        /// Publishes the file under the first name from `candidates` (tried from 1) that does
        /// not exist, and returns it: a file that appears between a check and the commit is
        /// never clobbered. Fails with EEXIST when `attempts` names are all taken.
        public func commit(toFirstFree candidates: (Int) -> URL, attempts: Int = 10_000) throws(FileWriteError) -> URL {
            try finish()
            defer { discard() }
            var last = candidates(1)
            for attempt in 1...max(attempts, 1) {
                last = candidates(attempt)
                do { try publishNew(at: last) } catch where error.code == EEXIST { continue }
                return last
            }
            throw FileWriteError(path: last.path, operation: "choosing a free name", code: EEXIST)
        }

        /// Closes and removes the temporary file unless it was published; safe to call twice.
        public func discard() {
            if descriptor >= 0 {
                close(descriptor)
                descriptor = -1
            }
            if !temporaryGone {
                unlink(temporaryPath)
                temporaryGone = true
            }
        }

        /// Gives the finished temporary file the name `url` unless that name exists, keeping the
        /// temporary name (the caller removes it). A hard link fails atomically with EEXIST; on
        /// file systems without hard links the name is first claimed with O_EXCL, then the
        /// temporary file is renamed over the claim.
        private func publishNew(at url: URL) throws(FileWriteError) {
            if fault == .rename { throw FileWriteError(path: url.path, operation: "linking the temporary file into place", code: EIO) }
            if link(temporaryPath, url.path) != 0 {
                let linkError = errno
                guard [EPERM, ENOTSUP, EOPNOTSUPP, EMLINK, EXDEV].contains(linkError) else {
                    throw FileWriteError(path: url.path, operation: "creating the file", code: linkError)
                }
                let claim = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
                guard claim >= 0 else { throw .current(url.path, "creating the file") }
                close(claim)
                if rename(temporaryPath, url.path) != 0 {
                    let error = FileWriteError.current(url.path, "renaming the temporary file into place")
                    unlink(url.path)
                    throw error
                }
                temporaryGone = true
            }
            AtomicFile.syncFolder(url.deletingLastPathComponent())
        }
    }
}

private func result(_ body: () throws(FileWriteError) -> Void) -> Result<Void, FileWriteError> {
    do { try body(); return .success(()) } catch { return .failure(error) }
}

/// `write(2)`, named apart from `Staged.write`, which would shadow it inside the class.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
