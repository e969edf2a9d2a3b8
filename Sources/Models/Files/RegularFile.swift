import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens and reads files that must be regular files: sessions, sidecars, themes, key files,
/// bundle manifests, tokenizer vocabularies, weights. A name can point at a FIFO, a device or a
/// folder; opening a FIFO for reading waits for a writer forever, and `/dev/zero` never ends, so
/// such names are refused before a byte is read.
public enum RegularFile {
    /// Opens `path` read-only and returns the descriptor, or throws if it is not a regular file.
    /// The open does not wait (O_NONBLOCK, which is then cleared), so a FIFO is refused at once.
    public static func openForReading(_ path: String) throws(RegularFileError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system(path, "opening the file") }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let error = RegularFileError.system(path, "reading the file's type")
            close(descriptor)
            throw error
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw RegularFileError(path: path, problem: .notRegular(kind: kindName(info.st_mode)))
        }
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
        return descriptor
    }

    /// The whole file, refusing one larger than `limit` bytes (the limit is checked against the
    /// size on disk first and against the bytes read, so a file that grows is caught too).
    public static func contents(_ path: String, limit: Int) throws(RegularFileError) -> Data {
        let descriptor = try openForReading(path)
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, Int(info.st_size) > limit {
            throw RegularFileError(path: path, problem: .tooLarge(limit: limit))
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw .system(path, "reading the file") }
            if count == 0 { return data }
            data.append(contentsOf: buffer[0..<count])
            if data.count > limit { throw RegularFileError(path: path, problem: .tooLarge(limit: limit)) }
        }
    }

    /// Throws unless `path` names a regular file (following symbolic links); for files that a
    /// library opens by name (libsndfile), so that a FIFO is refused before the library waits on it.
    public static func requireRegular(_ path: String) throws(RegularFileError) {
        close(try openForReading(path))
    }

    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }
}
