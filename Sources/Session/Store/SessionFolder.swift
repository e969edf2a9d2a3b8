import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The session's folder as the boundary of every path a session file names. A session file can
/// come from anyone (a shared project, a download): if a take's path could be `/etc/passwd` or
/// `../../.ssh/id_ed25519`, starring it would copy that file out, and a favourites or output
/// folder elsewhere would let the file choose where the studio writes. So a path read from a
/// session is used only if it lies inside this folder once symbolic links are followed.
struct SessionFolder {
    /// Standardized, not resolved: paths shown to the user keep the spelling they know.
    let url: URL

    init(_ url: URL) { self.url = url.standardizedFileURL }

    /// `stored` (relative to the folder, or absolute) as a location inside the folder. Refuses
    /// `..` anywhere, since with symbolic links `a/..` need not be the folder it looks like, and
    /// refuses a path whose existing part resolves outside the folder. `what` names the value in
    /// the error ("the audio of take 3", "favouritesFolder").
    func resolve(_ stored: String, what: String) throws(SessionError) -> URL {
        let outside = SessionError.outsideSessionFolder(what: what, path: stored, folder: url.path)
        if stored.split(separator: "/").contains("..") { throw outside }
        let lexical = stored.hasPrefix("/") ? URL(fileURLWithPath: stored).standardizedFileURL
                                            : url.appendingPathComponent(stored).standardizedFileURL
        guard let root = Self.realPath(url.path) else {
            throw .readFailed(path: url.path, reason: String(cString: strerror(errno)))
        }
        guard let real = try Self.realPathOfExistingPart(lexical.path, outside: outside),
              real == root || real.hasPrefix(root == "/" ? "/" : root + "/") else { throw outside }
        return lexical
    }

    /// The real path of `path`: its deepest existing ancestor resolved, then the missing rest
    /// appended (a folder not made yet, a deleted take). A symbolic link that leads nowhere is
    /// refused, as whatever it would create is outside anyone's view.
    private static func realPathOfExistingPart(_ path: String, outside: SessionError) throws(SessionError) -> String? {
        var head = path
        var missing: [String] = []
        while true {
            if let real = realPath(head) {
                return missing.isEmpty ? real : (real == "/" ? "" : real) + "/" + missing.joined(separator: "/")
            }
            let failure = errno
            var info = stat()
            if lstat(head, &info) == 0 {
                // It exists but does not resolve: a dangling link, a loop, or no permission.
                if info.st_mode & S_IFMT == S_IFLNK { throw outside }
                throw .readFailed(path: head, reason: String(cString: strerror(failure)))
            }
            guard failure == ENOENT || failure == ENOTDIR, head != "/" else { return nil }
            let url = URL(fileURLWithPath: head)
            missing.insert(url.lastPathComponent, at: 0)
            head = url.deletingLastPathComponent().path
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
