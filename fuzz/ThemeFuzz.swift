// libFuzzer entry point for theme files (built by fuzz/run.sh against the package's modules).
import StudioTUI

@_cdecl("LLVMFuzzerTestOneInput")
public func themeFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    _ = try? Theme.parse(data: bytes, source: "fuzz/theme")
    return 0
}
