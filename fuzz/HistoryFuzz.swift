// libFuzzer entry point for the studio's prompt history file (built by fuzz/run.sh against the
// package's modules): the bytes as a history file, and, when they read, written and read again.
import Foundation
import StudioTUI

@_cdecl("LLVMFuzzerTestOneInput")
public func historyFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Data(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    guard let history = try? PromptHistory.parse(data: bytes, source: "fuzz/history") else { return 0 }
    guard history.prompts.count <= PromptHistory.limit,
          let again = try? PromptHistory.parse(data: history.encoded(), source: "fuzz/history-again"),
          again == history else {
        fatalError("a history that read did not survive writing and reading again")
    }
    return 0
}
