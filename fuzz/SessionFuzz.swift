// libFuzzer entry point for session.json and favourite sidecars (built by fuzz/run.sh against
// the package's modules): the same bytes go to both parsers, and a session that parses is
// written back and parsed again, as every save does.
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
    return 0
}
