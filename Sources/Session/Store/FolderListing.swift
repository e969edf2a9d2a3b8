import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder's entries and their kinds, read once with `readdir`. Opening a session of 100,000
/// takes asked the file system about each take's path two to four times (real paths, existence,
/// identity): about 5 s. With each folder listed once, a take costs a dictionary lookup
/// (issue #17).
struct FolderListing {
    enum Kind { case regular, directory, link, other }

    private(set) var kinds: [String: Kind]

    /// nil when the folder cannot be listed: missing, not a folder, no permission.
    init?(path: String) {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        // Gathered first and hashed once at the right size: growing the dictionary from empty
        // rehashed it about eighteen times for a folder of 200,000 files.
        var entries: [(name: String, kind: Kind)] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(cString: $0)
                }
            }
            if name == "." || name == ".." { continue }
            entries.append((name, Self.kind(Int(entry.pointee.d_type), of: path + "/" + name)))
        }
        var kinds = [String: Kind](minimumCapacity: entries.count)
        for (name, kind) in entries { kinds[name] = kind }
        self.kinds = kinds
    }

    /// The entry's kind from `d_type`, or from `lstat` where the file system does not say.
    private static func kind(_ type: Int, of path: String) -> Kind {
        switch type {
        case Int(DT_REG): return .regular
        case Int(DT_DIR): return .directory
        case Int(DT_LNK): return .link
        case Int(DT_UNKNOWN):
            var info = stat()
            guard lstat(path, &info) == 0 else { return .other }
            switch info.st_mode & S_IFMT {
            case S_IFREG: return .regular
            case S_IFDIR: return .directory
            case S_IFLNK: return .link
            default: return .other
            }
        default: return .other
        }
    }

    /// The listing without `name` (a file removed since it was made).
    mutating func remove(_ name: String) { kinds[name] = nil }
}

/// A folder listed on another thread while the caller does something else (opening a session
/// lists its takes folder while the session file is parsed).
final class PendingFolderListing: @unchecked Sendable {
    let path: String
    private let done = DispatchGroup()
    /// Written once on the listing thread before `done` is left; read only after waiting on it.
    private var listing: FolderListing?

    init(path: String) {
        self.path = path
        done.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            self.listing = FolderListing(path: path)
            self.done.leave()
        }
    }

    /// The listing, once made, if it is of `path`; nil for another folder or one not listable.
    func listing(of path: String) -> FolderListing? {
        done.wait()
        return path == self.path ? listing : nil
    }
}

