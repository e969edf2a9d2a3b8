// libFuzzer entry point for key files and the studio's `:` command lines (built by fuzz/run.sh
// against the package's modules): the bytes as a key file (each line a command) applied over the
// default keys, and the whole input as one line typed at the `:` prompt.
import StudioTUI

@_cdecl("LLVMFuzzerTestOneInput")
public func keysFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    var keys = KeyMap.defaults
    keys.apply(KeyFile.parse(text: text, source: "fuzz/keys"))
    _ = try? StudioCommand.parse(text)
    return 0
}
