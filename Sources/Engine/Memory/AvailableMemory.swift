import Foundation
import Models
#if canImport(Glibc)
import Glibc
#endif

/// The memory this machine can give a new allocation without swapping: Linux's own estimate,
/// `MemAvailable` in /proc/meminfo (free memory plus the page cache and slabs it can reclaim),
/// or, where that cannot be read, the physical memory.
public enum AvailableMemory {
    /// Bytes, and where the figure came from (for the message that quotes it).
    public static func current() -> (bytes: Double, source: String) {
        if let data = try? RegularFile.contents("/proc/meminfo", limit: 1 << 16),
           let kilobytes = memAvailable(in: String(decoding: data, as: UTF8.self)) {
            return (kilobytes * 1024, "MemAvailable in /proc/meminfo")
        }
        let pages = Double(max(0, sysconf(Int32(_SC_PHYS_PAGES)))), size = Double(max(0, sysconf(Int32(_SC_PAGESIZE))))
        return (pages * size, "the physical memory")
    }

    /// The `MemAvailable:` line's value in kB, if the text has one.
    static func memAvailable(in meminfo: String) -> Double? {
        for line in meminfo.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return fields.count >= 2 ? Double(fields[1]) : nil
        }
        return nil
    }
}
