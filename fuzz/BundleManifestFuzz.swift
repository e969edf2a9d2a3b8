// libFuzzer entry point for the bundle.json parser and validator (built by fuzz/run.sh).
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func bundleManifestFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    if let manifest = try? BundleManifest.parse(bytes: bytes, source: "fuzz/bundle.json") {
        // Decoding a config into an arbitrary typed value must fail cleanly, never trap.
        _ = try? manifest.unet.decodeConfig([String: [Int]].self)
        _ = try? manifest.unet.decode(String.self, field: "prediction")
    } else if let json = try? JSONParser.parse(bytes) {
        // The shared decoder's exact number conversions, on whatever the input holds.
        _ = try? json.decode([String: Double].self)
        _ = try? json.decode([String: [UInt64]].self)
        _ = try? json.decode([String: Float].self)
        _ = try? json.decode([String: [String: Int8]].self)
    }
    return 0
}
