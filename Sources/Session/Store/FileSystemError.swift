#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call on a file: which file, which step, and the system's reason.
struct FileSystemError: Error, Equatable, Sendable, CustomStringConvertible {
    var path: String
    /// The step that failed, in words ("writing the temporary file").
    var operation: String
    /// The `errno` value.
    var code: Int32

    var reason: String { String(cString: strerror(code)) }

    var description: String { "\(path): \(reason) (while \(operation))" }

    static func current(_ path: String, _ operation: String) -> FileSystemError {
        FileSystemError(path: path, operation: operation, code: errno)
    }
}
