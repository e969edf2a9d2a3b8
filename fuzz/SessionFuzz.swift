// libFuzzer entry point for session.json, its journal and favourite sidecars (built by
// fuzz/run.sh against the package's modules): the same bytes go to all three parsers, a session
// that parses is written back and parsed again, as every save does, and the bytes are replayed
// as a journal onto a session of three takes, as opening does. The fast ways of reading a
// session (`StudioSession.fastRead`) and a take (`Take.read`) are compared with the long way:
// they may decline, but what they read must be what the long way reads.
import Engine
import Foundation
import Models
@testable import Session

@_cdecl("LLVMFuzzerTestOneInput")
public func sessionFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Data(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    if let session = try? StudioSession.parse(data: bytes, source: "fuzz/session.json"),
       let written = try? session.encoded(source: "fuzz/session.json") {
        _ = try? StudioSession.parse(data: written, source: "fuzz/session.json (written back)")
    }
    _ = try? FavouriteSidecar.parse(data: bytes, source: "fuzz/take.json")
    _ = try? journalBase.replayingJournal(bytes, source: "fuzz/session.json.journal")
    compareSessionReadings(bytes)
    compareTakeReadings(bytes)
    return 0
}

/// The fast reading of a session document declines, or reads (or refuses) it as the long way does.
private func compareSessionReadings(_ bytes: Data) {
    let source = "fuzz/session.json"
    let fast: Result<(StudioSession, [String: JSONValue]), SessionError>?
    do throws(SessionError) {
        fast = try StudioSession.fastRead(bytes, source: source).map { .success($0) }
    } catch {
        fast = .failure(error)
    }
    guard let fast else { return }
    let long: Result<(StudioSession, [String: JSONValue]), SessionError>
    do throws(SessionError) {
        long = .success(try VersionedDocument.decodeWithMembers(StudioSession.self, from: bytes, source: source,
                                                                format: StudioSession.format,
                                                                supportedVersion: StudioSession.currentVersion))
    } catch {
        long = .failure(error)
    }
    switch (fast, long) {
    case (.success(let a), .success(let b)):
        precondition(a.0 == b.0, "the fast read of a session differs from the long read")
        precondition(a.1.filter { $0.key != "takes" } == b.1.filter { $0.key != "takes" }, "the members read differ")
    case (.failure(let a), .failure(let b)):
        precondition(a == b, "the fast read's error \(a) differs from the long read's \(b)")
    default:
        preconditionFailure("fast read \(fast) but long read \(long)")
    }
}

/// A take read straight from its text is the take the strict parse and the decoder read.
private func compareTakeReadings(_ bytes: Data) {
    let take: Take? = bytes.withUnsafeBytes { raw in
        var reader = JSONReader(raw, range: 0..<raw.count, depth: 2)
        guard let take = Take.read(from: &reader), reader.atEnd() else { return nil }
        return take
    }
    guard let take else { return }
    let tree: JSONValue
    do throws(JSONSyntaxError) { tree = try JSONParser.parse(Array(bytes)) } catch {
        preconditionFailure("a take was read from text the parser refuses: \(error)")
    }
    do {
        let decoded = try VersionedDocument.decoder.decode(Take.self, from: tree, at: [])
        precondition(decoded == take, "the take read from the text differs from the decoded one")
    } catch {
        preconditionFailure("a take was read that the decoder refuses: \(error)")
    }
}

/// What the fuzzed journal is replayed onto: splices must fit its three takes.
private let journalBase = StudioSession(
    bundlePath: "models/mini", created: Date(timeIntervalSince1970: 0),
    takes: (0..<3).map { Take(request: GenerationRequest(prompt: "take \($0)"), audioPath: "takes/t\($0).wav",
                              created: Date(timeIntervalSince1970: Double($0))) })
