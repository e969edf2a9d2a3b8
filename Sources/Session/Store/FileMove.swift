import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Moves a file within the session folder without ever replacing one: a hard link under the new
/// name (which fails if the name is taken), then the old name removed. A kill between the two
/// leaves the file under both names, never under neither, and never a partial copy.
enum FileMove {
    /// Moves `source` to `destination`; throws EEXIST's error when `destination` exists.
    static func moveNew(_ source: URL, to destination: URL) throws(SessionError) {
        if link(source.path, destination.path) != 0 {
            let code = errno
            throw .moveFailed(from: source.path, to: destination.path,
                              reason: code == EEXIST ? "a file of that name is there" : String(cString: strerror(code)))
        }
        unlink(source.path)
        syncFolder(destination.deletingLastPathComponent())
        if destination.deletingLastPathComponent() != source.deletingLastPathComponent() {
            syncFolder(source.deletingLastPathComponent())
        }
    }

    /// `name` in `folder`, or `name-2`, `name-3`, ... : the first that names nothing.
    static func freeName(_ name: String, in folder: URL) -> URL {
        let stem = (name as NSString).deletingPathExtension
        let pathExtension = (name as NSString).pathExtension
        for suffix in 1...10_000 {
            let candidate = suffix == 1 ? stem : "\(stem)-\(suffix)"
            let url = folder.appendingPathComponent(pathExtension.isEmpty ? candidate : "\(candidate).\(pathExtension)")
            if !exists(url) { return url }
        }
        return folder.appendingPathComponent("\(stem)-\(UUID().uuidString).\(pathExtension)")
    }

    static func exists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }

    /// Makes a rename, link or unlink in `folder` durable (best effort, as `AtomicFile` does
    /// for its folders).
    static func syncFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
