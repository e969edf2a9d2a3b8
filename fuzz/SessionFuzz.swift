// libFuzzer entry point for session.json, its journal and favourite sidecars (built by
// fuzz/run.sh against the package's modules): the same bytes go to all three parsers, a session
// that parses is written back and parsed again, as every save does, and the bytes are replayed
// as a journal onto a session of three takes, as opening does.
import Engine
import Foundation
import Session

@_cdecl("LLVMFuzzerTestOneInput")
public func sessionFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Data(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    if let session = try? StudioSession.parse(data: bytes, source: "fuzz/session.json"),
       let written = try? session.encoded(source: "fuzz/session.json") {
        _ = try? StudioSession.parse(data: written, source: "fuzz/session.json (written back)")
    }
    _ = try? FavouriteSidecar.parse(data: bytes, source: "fuzz/take.json")
    _ = try? journalBase.replayingJournal(bytes, source: "fuzz/session.json.journal")
    return 0
}

/// What the fuzzed journal is replayed onto: splices must fit its three takes.
private let journalBase = StudioSession(
    bundlePath: "models/mini", created: Date(timeIntervalSince1970: 0),
    takes: (0..<3).map { Take(request: GenerationRequest(prompt: "take \($0)"), audioPath: "takes/t\($0).wav",
                              created: Date(timeIntervalSince1970: Double($0))) })
