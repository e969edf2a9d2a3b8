// libFuzzer entry point for batch lines (built by fuzz/run.sh against the package's modules):
// one JSON request a line, read and checked as `clipsonic batch` does, in both the strict form
// and the legacy form of version-1 sessions and tags; a request that is valid is written back
// and must read back the same.
import Engine
import Models

@_cdecl("LLVMFuzzerTestOneInput")
public func batchFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    guard let json = try? JSONParser.parse(bytes) else { return 0 }
    for legacy in [false, true] {
        guard let request = try? GenerationRequest(json: json, legacy: legacy) else { continue }
        _ = try? request.validate(modes: nil)
        _ = try? request.validate(modes: [.prior, .zeroShot])
        if let again = try? GenerationRequest(json: request.json), again != request {
            fatalError("a request does not survive being written and read back: \(request) -> \(again)")
        }
    }
    return 0
}
