// libFuzzer entry point for the parser's split of arrays between cores (JSONParser+Pieces),
// built by fuzz/run.sh with the parser's sources only. Every array of a few elements is split
// (threshold 0), and the outcome must be the sequential parser's exactly: the same value for
// valid text, the same error (message and position) for invalid text.

@_cdecl("LLVMFuzzerTestOneInput")
public func jsonSplitFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    func outcome(_ splitArraysFrom: Int) -> Result<JSONValue, JSONSyntaxError> {
        do throws(JSONSyntaxError) {
            return .success(try JSONParser.parse(bytes, splitArraysFrom: splitArraysFrom))
        } catch {
            return .failure(error)
        }
    }
    let split = outcome(0), sequential = outcome(Int.max)
    precondition(split == sequential, "split parse \(split) differs from sequential \(sequential)")
    return 0
}
