import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files that running processes hold open, as far as this user can see them: on Linux,
/// every process of this user through `/proc/PID/fd` (other users' are not readable). Used to
/// tell a temporary file a writer is still filling from one a killed writer left.
public enum OpenFiles {
    /// A file by device and inode, so a name, a link or a descriptor all find it.
    public struct Identity: Hashable, Sendable {
        public let device: UInt64
        public let inode: UInt64

        public init(_ info: stat) {
            device = UInt64(truncatingIfNeeded: info.st_dev)
            inode = UInt64(truncatingIfNeeded: info.st_ino)
        }
    }

    /// The files this user's processes hold open, or nil where that cannot be known (no
    /// `/proc`), for the caller to assume any file may be open.
    public static func heldByThisUser() -> Set<Identity>? {
        guard let processes = try? FileManager.default.contentsOfDirectory(atPath: "/proc"),
              FileManager.default.fileExists(atPath: "/proc/self/fd") else { return nil }
        var open = Set<Identity>()
        for process in processes where process.allSatisfy(\.isNumber) {
            let fds = "/proc/\(process)/fd"
            // Other users' processes, and those that ended since the listing, are not readable.
            guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: fds) else { continue }
            for descriptor in descriptors {
                var info = stat()
                // stat, not lstat: the fd entry is a link to the open file itself.
                if stat("\(fds)/\(descriptor)", &info) == 0 { open.insert(Identity(info)) }
            }
        }
        return open
    }
}
