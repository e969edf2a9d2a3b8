import Engine
import Foundation
import Models

extension StudioSession {
    /// The takes that failed to decode, by position: rare, so one lock for all cores.
    private final class DecodingFailures: @unchecked Sendable {
        private let lock = NSLock()
        private var byIndex: [Int: JSONValueError] = [:]

        func record(_ error: JSONValueError, at index: Int) {
            lock.lock()
            byIndex[index] = error
            lock.unlock()
        }

        /// The first in the file, as the decoder meets them.
        var first: JSONValueError? {
            lock.lock()
            defer { lock.unlock() }
            return byIndex.min { $0.key < $1.key }?.value
        }
    }

    /// The session file's bytes read with each take read straight from its text into a `Take`
    /// (`Take.read(from:)`; an unusual one parsed and decoded from its tree) in its place, on all cores,
    /// so that the tree of the whole takes array (300,000 small objects in a session of
    /// 100,000 takes) is never built nor freed: that tree was most of opening such a session
    /// (issue #17). The other members are parsed as usual and decoded by `VersionedDocument`.
    ///
    /// Nil whenever this way is not sure to read what `VersionedDocument.decodeWithMembers`
    /// reads: a document it cannot split, one with a syntax error anywhere, a version other
    /// than the current request spelling. The caller then reads the file that way, which also
    /// reports whatever is wrong. Errors thrown here are decoding errors of a well-formed file,
    /// the same ones that way would report.
    static func fastRead(_ data: Data, source: String) throws(SessionError) -> (value: StudioSession, members: [String: JSONValue])? {
        let failures = DecodingFailures()
        let split = data.withUnsafeBytes { raw -> (members: [String: JSONValue], takes: [Take])? in
            guard let members = JSONParser.objectMembers(in: raw, at: firstByte(of: raw)),
                  let close = members.last?.value.upperBound,
                  (close + 1..<raw.count).allSatisfy({ isWhitespace(raw[$0]) }),
                  let takesMember = members.first(where: { $0.key == "takes" }), let layout = takesMember.array,
                  (layout.close + 1..<takesMember.value.upperBound).allSatisfy({ isWhitespace(raw[$0]) })
            else { return nil }
            var tree: [String: JSONValue] = [:]
            for member in members where member.key != "takes" {
                guard let value = JSONParser.value(in: raw, range: member.value, depth: 1) else { return nil }
                tree[member.key] = value
            }
            // Only files of the current spelling of requests: older ones are rare and read the
            // long way, which knows their legacy keys.
            guard let version = try? VersionedDocument.version(of: tree, source: source, format: format,
                                                                supportedVersion: currentVersion),
                  version == currentVersion else { return nil }
            nonisolated(unsafe) let text = raw
            guard let takes = JSONParser.mapElementBytes(in: raw, layout, { index, range -> Take? in
                var reader = JSONReader(text, range: range, depth: 2)
                if let take = Take.read(from: &reader), reader.atEnd() { return take }
                // Anything unusual: the element's tree, read as the decoder would.
                guard let value = JSONParser.value(in: text, range: range, depth: 2) else { return nil }
                if let take = Take.fastDecoded(value, legacyRequestKeys: false) { return take }
                do throws(JSONValueError) {
                    return try VersionedDocument.decoder.decode(
                        Take.self, from: value, at: [JSONCodingKey(stringValue: "takes"), JSONCodingKey(intValue: index)])
                } catch {
                    // Reported once the other members are decoded, as the decoder meets them.
                    failures.record(error, at: index)
                    return Take(request: .defaults, audioPath: "", created: Date(timeIntervalSince1970: 0))
                }
            }) else { return nil }
            tree["takes"] = .array([])
            return (tree, takes)
        }
        guard let split else { return nil }
        if let error = failures.first {
            // The decoder meets the envelope and the members it reads before the takes first.
            let before = split.members.filter {
                ["format", "version", "takes"].contains($0.key) || membersDecodedBeforeTakes.contains($0.key)
            }
            _ = try VersionedDocument.decodeTree(
                StudioSession.self, root: .object(before), source: source, format: format, supportedVersion: currentVersion)
            throw .invalidValue(source: source, path: error.path, problem: error.problem)
        }
        var (session, members) = try VersionedDocument.decodeTree(
            StudioSession.self, root: .object(split.members), source: source, format: format, supportedVersion: currentVersion)
        let takes = split.takes
        session.takes = TakeList(takes)
        return (session, members)
    }

    /// Past a byte order mark and whitespace.
    private static func firstByte(of raw: UnsafeRawBufferPointer) -> Int {
        var offset = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF ? 3 : 0
        while offset < raw.count && isWhitespace(raw[offset]) { offset += 1 }
        return offset
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
