// libFuzzer entry point for the typed network configs of bundle.json and their range checks
// (built by fuzz/run.sh against the package's modules): a manifest that parses has every config
// decoded and validated as the engine does before it builds a network, then its memory estimated
// for the native window and for the longest take a request may ask for. No value may trap.
import Engine
import Models

@_cdecl("LLVMFuzzerTestOneInput")
public func configFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    guard let manifest = try? BundleManifest.parse(bytes: bytes, source: "fuzz/bundle.json") else { return 0 }
    guard let configs = try? BundleConfigs(manifest: manifest) else { return 0 }
    let audio = manifest.audio
    let longest = Int((600 * Double(audio.sampleRate) / Double(audio.hop)).rounded(.up))
    for frames in [audio.frames, longest] where !(MemoryEstimate(configs, frames: frames).total >= 0) {
        fatalError("memory estimate for \(frames) frames is not a number")
    }
    return 0
}
