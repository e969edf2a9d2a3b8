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

    let kinds: [String: Kind]

    /// nil when the folder cannot be listed: missing, not a folder, no permission.
    init?(path: String) {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var kinds: [String: Kind] = [:]
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(cString: $0)
                }
            }
            if name == "." || name == ".." { continue }
            kinds[name] = Self.kind(Int(entry.pointee.d_type), of: path + "/" + name)
        }
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
}
