#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why `AtomicFile` could not write a file: which file, which step, the system's reason, and
/// what the user can do about it. The file being replaced, if any, is always left as it was.
public struct FileWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The destination (or, while copying, the source that could not be read).
    public var path: String
    /// The step that failed, in words ("writing the temporary file").
    public var operation: String
    /// The `errno` value.
    public var code: Int32

    public init(path: String, operation: String, code: Int32) {
        self.path = path; self.operation = operation; self.code = code
    }

    /// The system's wording: "No space left on device".
    public var reason: String { String(cString: strerror(code)) }

    /// What to do next, for the errors a user can fix; empty for the others.
    public var advice: String {
        switch code {
        case ENOSPC, EDQUOT: return "free some disk space and try again"
        case EFBIG: return "the file is larger than this file system or the process's limit allows"
        case EACCES, EPERM: return "check that you may write to \(folder)"
        case EROFS: return "the file system is read-only; choose a folder on another one"
        case ENOENT, ENOTDIR: return "check that the folder \(folder) exists"
        case EEXIST: return "a file of that name exists and was left untouched; choose another name"
        default: return ""
        }
    }

    /// "/data/session.json: No space left on device (while writing the temporary file); free
    /// some disk space and try again"
    public var description: String {
        let text = "\(path): \(reason) (while \(operation))"
        return advice.isEmpty ? text : "\(text); \(advice)"
    }

    private var folder: String {
        guard let slash = path.lastIndex(of: "/") else { return "the current folder" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The failure of the system call just made.
    static func current(_ path: String, _ operation: String) -> FileWriteError {
        FileWriteError(path: path, operation: operation, code: errno)
    }
}
