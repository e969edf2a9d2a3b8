#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why `RegularFile` would not read a file: which file, and the reason in words.
public struct RegularFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// A system call failed; `code` is its `errno`.
        case system(operation: String, code: Int32)
        /// It is a FIFO, a device, a folder or a socket (`kind` says which, in words).
        case notRegular(kind: String)
        case tooLarge(limit: Int)
    }

    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    /// The system's `errno` for a failed call, else nil.
    public var code: Int32? {
        if case .system(_, let code) = problem { return code }
        return nil
    }

    /// The reason without the path: "No such file or directory", "it is a named pipe (FIFO),
    /// not a regular file".
    public var reason: String {
        switch problem {
        case let .system(_, code): return String(cString: strerror(code))
        case let .notRegular(kind): return "it is \(kind), not a regular file; give the path of a file"
        case let .tooLarge(limit): return "it is larger than the \(Self.size(limit)) limit for this kind of file"
        }
    }

    public var description: String { "\(path): \(reason)" }

    static func system(_ path: String, _ operation: String) -> RegularFileError {
        RegularFileError(path: path, problem: .system(operation: operation, code: errno))
    }

    /// "64 KiB", "256 MiB", "100 bytes".
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
