import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file with the system's reason on failure ("No such file or directory"), which
/// Foundation on Linux words less plainly.
enum FileReader {
    /// Session and sidecar files are small; anything this big is not one of them.
    static let maximumSize = 256 << 20

    static func contents(of url: URL) throws(FileSystemError) -> Data {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .current(url.path, "opening the file") }
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw .current(url.path, "reading the file") }
            if count == 0 { return data }
            data.append(contentsOf: buffer[0..<count])
            if data.count > maximumSize { throw FileSystemError(path: url.path, operation: "reading the file", code: EFBIG) }
        }
    }
}
