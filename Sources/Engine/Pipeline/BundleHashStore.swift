import Foundation
import Models

/// Bundle content hashes kept between runs, in `$XDG_CACHE_HOME/clipsonic/bundle-hashes.json`
/// (XDG's default `~/.cache`). Hashing reads every weight byte: about 1.2 s for a full-size
/// bundle's 2.9 GB on a warm page cache, paid by every `clipsonic generate` of that bundle, whose
/// take needs the hash for its recipe.
///
/// A kept hash is used only while every file it covers is the one that was hashed: the same
/// device, inode, size, and modification and status-change times to the nanosecond (what git's
/// index trusts). Rewriting a file changes its change time, which no user can set back, so a
/// changed bundle is hashed again. The store is a cache: a file that is missing, damaged, too
/// large or unwritable costs a hash, never a take.
public struct BundleHashStore: Sendable {
    public let url: URL
    /// Bundles kept, the most recently hashed first; older ones are dropped.
    static let capacity = 64
    static let maximumFileSize = 1 << 20

    public init(url: URL) { self.url = url }

    /// The usual place, from the environment; nil when neither XDG_CACHE_HOME (absolute) nor HOME is set.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> BundleHashStore? {
        XDGBaseDirectory.cache.url(environment: environment).map {
            BundleHashStore(url: $0.appendingPathComponent("clipsonic/bundle-hashes.json"))
        }
    }

    /// The bundle's hash: kept, when its files are the ones hashed, else computed (and kept when no
    /// file changed while it was read). nil when a file cannot be read.
    func hash(of bundle: ModelBundle) -> String? {
        let files = bundle.hashedFiles.map(\.path)
        guard let before = Self.identities(files) else { return try? bundle.contentHash() }
        var records = load()
        if let kept = records.first(where: { $0.files == before }) { return kept.hash }
        guard let computed = try? bundle.contentHash() else { return nil }
        // A file written while it was read makes the hash of neither version: not kept.
        guard Self.identities(files) == before else { return computed }
        records.removeAll { $0.folder == bundle.url.path }
        records.insert(Record(folder: bundle.url.path, hash: computed, files: before), at: 0)
        save(Array(records.prefix(Self.capacity)))
        return computed
    }

    struct Record: Codable, Equatable {
        let folder: String
        let hash: String
        let files: [FileIdentity]

        var isWellFormed: Bool {
            hash.utf8.count == 64 && hash.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        }
    }

    struct FileIdentity: Codable, Equatable {
        let path: String
        let device: UInt64, inode: UInt64, size: Int64
        let modified: [Int], changed: [Int]  // seconds, nanoseconds
    }

    private struct Document: Codable {
        let version: Int
        let bundles: [Record]
    }

    static func identities(_ paths: [String]) -> [FileIdentity]? {
        var out: [FileIdentity] = []
        for path in paths {
            var s = stat()
            guard stat(path, &s) == 0 else { return nil }
            out.append(FileIdentity(path: path, device: UInt64(s.st_dev), inode: UInt64(s.st_ino), size: Int64(s.st_size),
                                    modified: [Int(s.st_mtim.tv_sec), Int(s.st_mtim.tv_nsec)],
                                    changed: [Int(s.st_ctim.tv_sec), Int(s.st_ctim.tv_nsec)]))
        }
        return out
    }

    func load() -> [Record] {
        guard let data = try? RegularFile.contents(url.path, limit: Self.maximumFileSize) else { return [] }
        return Self.records(in: [UInt8](data))
    }

    /// The well-formed records of a store file's bytes; none for anything else (fuzz/ "hashes").
    static func records(in bytes: [UInt8]) -> [Record] {
        guard let document = try? JSONValueDecoder().decode(Document.self, from: bytes), document.version == 1 else { return [] }
        // A kept hash goes into every take's recipe: anything but a SHA-256 in hex is not one.
        return document.bundles.filter(\.isWellFormed)
    }

    /// The store file's text for `records`.
    static func text(of records: [Record]) -> String? {
        try? JSONValueEncoder().encodeText(Document(version: 1, bundles: records), style: .pretty)
    }

    private func save(_ records: [Record]) {
        guard let text = Self.text(of: records) else { return }
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? AtomicFile.replace(url, with: Data(text.utf8))
    }
}
