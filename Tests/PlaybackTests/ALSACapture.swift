import Foundation
@testable import Playback

/// The raw file an ALSA file PCM writes.
struct ALSACapture {
    let path: String

    func options(format: PCMSampleFormat = .float32, pacing: PlaybackPacing = .automatic) -> PlayerOptions {
        PlayerOptions(device: "file:FILE=\(path),FORMAT=raw", sampleFormat: format, pacing: pacing)
    }

    func size() -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? -1
    }

    func floats() -> [Float] {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        return data.withUnsafeBytes { raw in
            (0..<raw.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    func int16s() -> [Int16] {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        return data.withUnsafeBytes { raw in
            (0..<raw.count / 2).map { Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) }
        }
    }
}
