import Foundation
import Models
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The append-only file beside a session file, `session.json.journal`, that makes a save cost
/// the size of the change rather than of the session: rewriting and flushing 60 MB for one
/// rating took seconds. Each save appends one line and flushes only this file; the session file
/// is rewritten whole (compacted) now and then, and the journal removed.
///
/// One line each, `<16 hex digits> <JSON>\n`, the digits the FNV-1a 64 hash of the JSON's
/// bytes. Line 1 is the header, `{"format": "clipsonic-session-journal", "version": 1,
/// "generation": N}`: the journal continues the session file whose `journalGeneration` is N.
/// Every later line is a `SessionChange`. A kill during an append leaves a last line without its
/// newline or whose hash does not match: that line, the save that was cut short, is dropped. A
/// bad line before the last is damage, and an error naming the line.
struct SessionJournal {
    static let format = "clipsonic-session-journal"
    static let currentVersion = 1

    let url: URL
    /// The bytes on disk that hold whole lines: where the next line goes. 0 when there is no
    /// journal yet, or only a stale one, which the next append truncates.
    private(set) var length = 0

    init(url: URL, length: Int = 0) {
        self.url = url
        self.length = length
    }

    /// The journal beside a session file: beside the file a symbolic link leads to, so that the
    /// two stay together as `AtomicFile` keeps the link.
    static func url(besides sessionFile: URL) -> URL {
        let target = (try? AtomicFile.finalTarget(of: sessionFile)) ?? sessionFile
        return target.deletingLastPathComponent().appendingPathComponent(target.lastPathComponent + ".journal")
    }

    /// Line 1. `format` and `version` are checked by `VersionedDocument` before it is decoded.
    struct Header: Codable {
        var generation: Int

        init(generation: Int) { self.generation = generation }

        private enum CodingKeys: String, CodingKey { case format, version, generation }

        init(from decoder: any Decoder) throws {
            generation = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .generation)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(SessionJournal.format, forKey: .format)
            try container.encode(SessionJournal.currentVersion, forKey: .version)
            try container.encode(generation, forKey: .generation)
        }
    }

    /// A journal as read: the generation it continues, its changes with their line numbers, and
    /// how many of its bytes are whole lines.
    struct Contents {
        var generation: Int
        var changes: [(line: Int, change: SessionChange)]
        var validLength: Int
    }

    /// Reads the journal; nil when there is none or a kill left it without a whole header.
    static func read(_ url: URL) throws(SessionError) -> Contents? {
        let data: Data
        do { data = try RegularFile.contents(url.path, limit: StudioSession.maximumFileSize) } catch {
            if error.code == ENOENT { return nil }
            throw .readFailed(path: url.path, reason: error.reason)
        }
        return try parse(Array(data), source: url.path)
    }

    /// Parses a journal's bytes; `source` names it in errors. Pure: no I/O.
    static func parse(_ bytes: [UInt8], source: String) throws(SessionError) -> Contents? {
        var contents: Contents?
        var start = 0
        var line = 0
        while start < bytes.count {
            line += 1
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else { break }  // cut short
            let isLast = newline + 1 == bytes.count
            guard let json = checkedJSON(bytes[start..<newline]) else {
                if isLast { break }
                throw .corruptJournal(path: source, line: line, reason: "the line is damaged (its checksum does not match)")
            }
            if contents == nil {
                let header = try VersionedDocument.decode(Header.self, from: Data(json), source: "\(source), line 1",
                                                          format: format, supportedVersion: currentVersion)
                contents = Contents(generation: header.generation, changes: [], validLength: 0)
            } else {
                contents?.changes.append((line, try change(json, source: source, line: line)))
            }
            start = newline + 1
            contents?.validLength = start
        }
        return contents
    }

    private static func change(_ json: ArraySlice<UInt8>, source: String, line: Int) throws(SessionError) -> SessionChange {
        let value: JSONValue
        switch json.withUnsafeBytes({ raw in parseJSON(raw) }) {
        case .success(let parsed): value = parsed
        case .failure(let error):
            throw .corruptJournal(path: source, line: line, reason: "column \(error.column + 17): \(error.message)")
        }
        do { return try VersionedDocument.decoder.decode(SessionChange.self, from: value) } catch {
            throw .corruptJournal(path: source, line: line, reason: "\(error.path): \(error.problem)")
        }
    }

    private static func parseJSON(_ raw: UnsafeRawBufferPointer) -> Result<JSONValue, JSONSyntaxError> {
        do { return .success(try JSONParser.parse(raw)) } catch { return .failure(error) }
    }

    /// The JSON of a line whose checksum matches, else nil.
    private static func checkedJSON(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard line.count > 17, line[line.startIndex + 16] == UInt8(ascii: " ") else { return nil }
        var stated: UInt64 = 0
        for byte in line[line.startIndex..<line.startIndex + 16] {
            guard let digit = hexValue(byte) else { return nil }
            stated = stated << 4 | UInt64(digit)
        }
        let json = line[(line.startIndex + 17)...]
        return checksum(json) == stated ? json : nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// FNV-1a, 64 bits: not a defence against someone editing the file (they can recompute it),
    /// only against a write cut short or a block the disk lost, which it catches with
    /// near certainty at a cost far below the flush.
    static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// A line as the journal holds it.
    static func line<T: Encodable>(_ value: T, source: String) throws(SessionError) -> [UInt8] {
        let json: [UInt8]
        do { json = Array(try VersionedDocument.encoder.encodeText(value, style: .compact).utf8) } catch {
            throw .encodingFailed(path: source, reason: "\(error)")
        }
        let hex = String(checksum(json), radix: 16)
        return Array((String(repeating: "0", count: 16 - hex.count) + hex + " ").utf8) + json + [UInt8(ascii: "\n")]
    }

    /// Appends `change` and flushes it to disk, starting the journal (its header line for
    /// `generation`, permissions `mode`) if there is none. Whatever a failed append left after
    /// the last whole line is cut off, here or by the next append, so a failure never leaves a
    /// damaged line before a good one. `fault` is for tests: `.createTemporary` fails opening
    /// the journal, `.write` writing it, `.sync` flushing it.
    mutating func append(_ change: SessionChange, generation: Int, mode: mode_t?,
                         fault: AtomicWriteFault?) throws(SessionError) {
        var bytes = try Self.line(change, source: url.path)
        let starting = length == 0
        if starting { bytes = try Self.line(Header(generation: generation), source: url.path) + bytes }
        let path = url.path
        // O_NOFOLLOW: a link put in the journal's place must not make a save write elsewhere.
        let descriptor = fault == .createTemporary ? -1 : open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw Self.failure(path, fault == .createTemporary ? EACCES : errno, "opening the journal")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.failure(path, errno, "reading the journal's type") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .writeFailed(path: path, reason: "it is not a regular file; move it away")
        }
        if starting, let mode { _ = fchmod(descriptor, mode) }
        do throws(SessionError) {
            if Int(info.st_size) != length, ftruncate(descriptor, off_t(length)) != 0 {
                throw Self.failure(path, errno, "cutting off what a failed save left in the journal")
            }
            try Self.write(bytes, to: descriptor, at: length, path: path, fault: fault)
            if fault == .sync || fsync(descriptor) != 0 {
                throw Self.failure(path, fault == .sync ? EIO : errno, "flushing the journal")
            }
        } catch {
            _ = ftruncate(descriptor, off_t(length))
            // A journal this append started is removed, so a failed first save leaves the folder as it was.
            if starting { unlink(url.path) }
            throw error
        }
        // A new journal's name lives in the folder's blocks; without this a power cut could lose it.
        if starting { FileMove.syncFolder(url.deletingLastPathComponent()) }
        length += bytes.count
    }

    /// Removes the journal once the session file holds everything in it.
    mutating func remove() {
        length = 0
        if unlink(url.path) == 0 { FileMove.syncFolder(url.deletingLastPathComponent()) }
    }

    private static func failure(_ path: String, _ code: Int32, _ operation: String) -> SessionError {
        .writeFailed(path: path, reason: "\(String(cString: strerror(code))) (while \(operation))")
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32, at offset: Int, path: String,
                              fault: AtomicWriteFault?) throws(SessionError) {
        if fault == .write { throw failure(path, ENOSPC, "writing the journal") }
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                pwrite(descriptor, raw.baseAddress.map { $0 + done }, raw.count - done, off_t(offset + done))
            }
            if written < 0 && errno == EINTR { continue }
            if written < 0 { throw failure(path, errno, "writing the journal") }
            done += written
        }
    }
}

extension StudioSession {
    /// This session with the changes in a journal's bytes applied, in order, as opening its
    /// session file does (see `SessionJournal`); the journal's generation is not compared with
    /// anything. Pure: for the fuzzer and for tools that hold both files' bytes.
    public func replayingJournal(_ data: Data, source: String) throws(SessionError) -> StudioSession {
        var session = self
        if let contents = try SessionJournal.parse(Array(data), source: source) {
            try SessionJournal.replay(contents.changes, onto: &session, source: source)
        }
        if let problem = session.consistencyProblem() {
            throw .invalidValue(source: source, path: problem.path, problem: problem.problem)
        }
        return session
    }
}

extension SessionJournal {
    /// Applies changes read from the journal `source`; a change that does not fit is an error
    /// naming its line.
    static func replay(_ changes: [(line: Int, change: SessionChange)], onto session: inout StudioSession,
                       source: String) throws(SessionError) {
        for (line, change) in changes {
            do { try change.apply(to: &session) } catch {
                throw .corruptJournal(path: source, line: line, reason: "\(error.path): \(error.problem)")
            }
        }
    }
}
