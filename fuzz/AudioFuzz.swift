// libFuzzer entry point for WAV and FLAC reading through libsndfile (built by fuzz/run.sh against
// the package's modules). libsndfile reads files, so each input is written to one file in
// memory (tmpfs, unlinked once open) and read through /proc/self/fd, as a file named by the user
// would be: samples, and the header and tags `clipsonic info` shows.
import Foundation
import Playback
#if canImport(Glibc)
import Glibc
#endif

private let memoryFile: Int32 = {
    let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NSTemporaryDirectory()
    let path = "\(folder)/clipsonic-fuzz-audio-\(getpid())"
    let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    if fd < 0 { fatalError("fuzz harness: cannot create \(path): \(String(cString: strerror(errno)))") }
    unlink(path)
    return fd
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func audioFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard ftruncate(memoryFile, 0) == 0 else { fatalError("fuzz harness: ftruncate failed") }
    if let data, size > 0, pwrite(memoryFile, data, size, 0) != size { fatalError("fuzz harness: pwrite failed") }
    let url = URL(fileURLWithPath: "/proc/self/fd/\(memoryFile)")
    if let buffer = try? AudioFile.read(url), !buffer.samples.isEmpty, buffer.sampleRate <= 0 {
        fatalError("\(buffer.samples.count) samples at \(buffer.sampleRate) Hz")
    }
    _ = try? AudioFile.readMetadata(url)
    return 0
}
