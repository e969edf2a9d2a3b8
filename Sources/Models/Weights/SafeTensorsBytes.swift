#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a safetensors file, kept alive for as long as any tensor borrows them: either a
/// read-only private memory map of the file or a private copy of bytes handed to the parser.
///
/// A mapping is never written through (PROT_READ); files written here are replaced by rename,
/// never rewritten in place, so a mapping made earlier keeps seeing the old, complete file.
public final class SafeTensorsBytes: @unchecked Sendable {
    public let base: UnsafeRawPointer?
    public let count: Int
    private let mapped: Bool

    public var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// A 64-byte-aligned private copy, so that F32 tensors at 4-byte file offsets are aligned too.
    public init(copying bytes: UnsafeRawBufferPointer) {
        if let source = bytes.baseAddress, !bytes.isEmpty {
            let p = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 64)
            p.copyMemory(from: source, byteCount: bytes.count)
            base = UnsafeRawPointer(p)
        } else {
            base = nil
        }
        count = bytes.count
        mapped = false
    }

    /// Maps the file at `path` read-only. An empty file gives an empty buffer (mmap refuses
    /// zero-length mappings), which the header parser then reports as truncated.
    public init(mapping path: String) throws(WeightsError) {
        let fd: Int32
        do { fd = try RegularFile.openForReading(path) } catch { throw .unreadable(file: path, reason: error.reason) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(file: path, reason: Self.errnoText()) }
        let size = Int(info.st_size)
        count = size
        mapped = size > 0
        guard size > 0 else { base = nil; return }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw .unreadable(file: path, reason: "mmap failed: \(Self.errnoText())")
        }
        base = UnsafeRawPointer(p)
    }

    /// Drops the mapped pages from this process's resident memory; what is read again comes
    /// back from the page cache (the file is not written, so nothing is lost). Loading reads
    /// every weight once (the finite check), which left a bundle's whole files resident although
    /// a take reads only some of them (a text prompt never the CLIP picture tower). A copy
    /// (`copying:`) is left alone.
    public func releaseResidentPages() {
        guard mapped, let base else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), count, MADV_DONTNEED)
    }

    /// `releaseResidentPages` for the pages that lie wholly within [start, start + byteCount),
    /// when that range is inside this mapping; anything else (a converted copy of a tensor is
    /// the program's own memory, which MADV_DONTNEED would zero) is left alone.
    public func releaseResidentPages(of start: UnsafeRawPointer, byteCount: Int) {
        guard mapped, let base, byteCount > 0, start >= base, start + byteCount <= base + count else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let end = (Int(bitPattern: start) + byteCount) / page * page
        guard end > first, let from = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(from, end - first, MADV_DONTNEED)
    }

    deinit {
        guard let base else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            base.deallocate()
        }
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
