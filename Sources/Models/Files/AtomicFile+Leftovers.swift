import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// What a sweep of a folder's temporary files did.
    public struct TemporarySweep: Sendable, Equatable {
        /// Temporary files no writer will publish, removed.
        public var removed: [URL] = []
        /// Temporary files kept because a writer may still own them: held open, or not known
        /// to be abandoned (see `isAbandoned`). A later sweep removes them once they are.
        public var kept: [URL] = []

        public init(removed: [URL] = [], kept: [URL] = []) { self.removed = removed; self.kept = kept }
    }

    /// How long another user's temporary file (or any, where open files cannot be seen) must
    /// have gone unwritten before a sweep takes it for abandoned. A writer stages a finished
    /// take and writes it at once; an hour without a write is no writer at work.
    public static let unseenWriterQuietPeriod: TimeInterval = 3600

    /// Removes the temporary files in `folder` (not its subfolders) that killed writers left,
    /// for destinations whose name `belongs` accepts, e.g. `{ $0.hasSuffix(".wav") }`. Only
    /// regular files named as `Staged` names them are touched; a symbolic link is never
    /// followed or removed. Unlike `removeStaleTemporaries(besides:)`, for a file with one
    /// owner, this is for folders that several writers may share (takes, `generate` output),
    /// so a temporary file a live writer owns is kept: see `isAbandoned`.
    @discardableResult
    public static func removeAbandonedTemporaries(in folder: URL, now: Date = Date(),
                                                  where belongs: (String) -> Bool) -> TemporarySweep {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return TemporarySweep() }
        return removeAbandonedTemporaries(in: folder, names: names, now: now, where: belongs)
    }

    /// As above, for a caller that has listed `folder` already (`names`, its entries).
    public static func removeAbandonedTemporaries(in folder: URL, names: some Sequence<String>, now: Date = Date(),
                                                  where belongs: (String) -> Bool) -> TemporarySweep {
        var sweep = TemporarySweep()
        var candidates: [(url: URL, info: stat)] = []
        // Only names that look temporary are sorted: a takes folder holds 200,000 others.
        for name in names.filter({ $0.hasPrefix(".") }).sorted() {
            guard let destination = destinationName(ofTemporary: name), belongs(destination) else { continue }
            let url = folder.appendingPathComponent(name)
            var info = stat()
            guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            candidates.append((url, info))
        }
        guard !candidates.isEmpty else { return sweep }
        let open = OpenFiles.heldByThisUser()
        for (url, info) in candidates {
            if isAbandoned(info, openFiles: open, now: now), unlink(url.path) == 0 {
                sweep.removed.append(url)
            } else {
                sweep.kept.append(url)
            }
        }
        return sweep
    }

    /// The destination a temporary file's name stands for (".take.wav.tmp-3f2a" is for
    /// "take.wav"), or nil when the name is not one `Staged` makes: a user's ".notes.tmp" is not.
    public static func destinationName(ofTemporary name: String) -> String? {
        guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards) else { return nil }
        let suffix = name[marker.upperBound...]
        // `Staged` writes a UInt32 in lowercase hex: 1 to 8 digits.
        guard (1...8).contains(suffix.count), suffix.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        let destination = name[name.index(after: name.startIndex)..<marker.lowerBound]
        return destination.isEmpty ? nil : String(destination)
    }

    /// Whether no writer will ever publish this temporary file. A writer holds its temporary
    /// file open from creating it until it is complete and flushed, and renames or links it
    /// straight after closing it, so a file of this user that no process of this user holds open
    /// is abandoned. A file written in the last few seconds is kept all the same: between the
    /// close and the rename there are only two system calls, but a sweep that looked just as a
    /// writer closed its file would otherwise remove it under the writer. Another user's writers
    /// cannot be seen, nor any writer where `/proc` is missing: their files count as abandoned
    /// only after `unseenWriterQuietPeriod` unwritten.
    static func isAbandoned(_ info: stat, openFiles: Set<OpenFiles.Identity>?, now: Date) -> Bool {
        let quiet = now.timeIntervalSince1970 - Double(modificationSeconds(info))
        if info.st_uid == getuid(), let openFiles {
            return quiet >= 5 && !openFiles.contains(OpenFiles.Identity(info))
        }
        return quiet >= unseenWriterQuietPeriod
    }

    private static func modificationSeconds(_ info: stat) -> Int {
        #if canImport(Darwin)
        return Int(info.st_mtimespec.tv_sec)
        #else
        return Int(info.st_mtim.tv_sec)
        #endif
    }
}
