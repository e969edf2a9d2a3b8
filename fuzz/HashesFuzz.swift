// libFuzzer entry point for the bundle hash store, ~/.cache/clipsonic/bundle-hashes.json (built by
// fuzz/run.sh against the package's modules): the bytes as a store file; every record it keeps
// must hold a SHA-256 in hex (it goes into take recipes), and what it keeps must survive being
// written and read again, as every take's save does.
import Foundation
@testable import Engine

@_cdecl("LLVMFuzzerTestOneInput")
public func hashesFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    let records = BundleHashStore.records(in: bytes)
    guard records.allSatisfy(\.isWellFormed) else { fatalError("a kept hash is not a SHA-256 in hex") }
    guard !records.isEmpty else { return 0 }
    guard let text = BundleHashStore.text(of: records),
          BundleHashStore.records(in: Array(text.utf8)) == records else {
        fatalError("a store that read did not survive writing and reading again")
    }
    return 0
}
