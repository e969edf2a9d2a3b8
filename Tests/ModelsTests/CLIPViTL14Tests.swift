import Foundation
import XCTest
@testable import Models

/// The real ViT-L/14 shapes load and run: random weights built in memory (not a committed file)
/// under transformers' CLIPModel names, one text and one image forward pass.
/// A longer test: about 17 s and 3.5 GB on 2 cores in a debug build; CLIPSONIC_FULL_TESTS=0 skips it.
final class CLIPViTL14Tests: XCTestCase {
    static func tensorShapes(_ config: CLIPConfig) -> [(String, [Int])] { config.tensorShapes }

    /// A safetensors image in memory with F32 values from a small random pool (N(0, 0.02)-ish;
    /// LayerNorm weights 1), so nothing is written to disk.
    static func randomSafeTensors(_ shapes: [(String, [Int])]) throws -> SafeTensors {
        var json = "{"
        var offset = 0
        for (i, (name, shape)) in shapes.enumerated() {
            let bytes = shape.reduce(1, *) * 4
            json += (i > 0 ? "," : "") + "\"\(name)\":{\"dtype\":\"F32\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(offset + bytes)]}"
            offset += bytes
        }
        json += "}"
        var header = Array(json.utf8)
        header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        let total = 8 + header.count + offset
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: total, alignment: 8)
        defer { raw.deallocate() }
        for k in 0..<8 { raw[k] = UInt8(truncatingIfNeeded: UInt64(header.count) >> (8 * k)) }
        header.withUnsafeBytes { raw.baseAddress!.advanced(by: 8).copyMemory(from: $0.baseAddress!, byteCount: header.count) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let pool = (0..<65_537).map { _ -> Float in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return (Float(state % 20_001) / 10_000 - 1) * 0.035
        }
        let data = raw.baseAddress!.advanced(by: 8 + header.count).assumingMemoryBound(to: Float.self)
        var at = 0
        for (name, shape) in shapes {
            let n = shape.reduce(1, *)
            if name.contains("norm") && name.hasSuffix("weight") {
                data.advanced(by: at).update(repeating: 1, count: n)
            } else {
                var done = 0, shift = at % 4099
                pool.withUnsafeBufferPointer { p in
                    while done < n {
                        let m = min(n - done, p.count - shift)
                        (data + at + done).update(from: p.baseAddress! + shift, count: m)
                        done += m; shift = (shift + 7) % 4099
                    }
                }
            }
            at += n
        }
        return try SafeTensors(bytes: SafeTensorsBytes(copying: UnsafeRawBufferPointer(raw)), source: "random ViT-L/14")
    }

    func testViTL14LoadsAndRunsWithRandomWeights() throws {
        if ProcessInfo.processInfo.environment["CLIPSONIC_FULL_TESTS"] == "0" {
            throw XCTSkip("CLIPSONIC_FULL_TESTS=0: full-size ViT-L/14 test skipped")
        }
        let config = CLIPConfig.vitL14
        let clock = ContinuousClock()
        let start = clock.now
        let weights = try Self.randomSafeTensors(Self.tensorShapes(config))
        let model = try CLIPModel(weights: WeightBinder(weights), config: config)
        let loaded = clock.now
        let tokenizer = try CLIPTokenizer(contentsOf: CLIPTokenizerTests.mergesURL())
        let text = try model.text([tokenizer.encodePadded("a dog barking in the rain").ids])
        let textDone = clock.now
        var pixels = Tensor(zeros: [1, 3, 224, 224])
        for i in 0..<pixels.count { pixels.pointer[i] = Float(i % 97) / 48 - 1 }
        pixels = pixels.reshaped([1, 3, 224, 224])
        let image = try model.vision(pixels)
        let end = clock.now
        print("ViT-L/14 random weights: build+load \(loaded - start), text \(textDone - loaded), image \(end - textDone)")
        XCTAssertEqual(text.lastHiddenState.shape, [1, 77, 768])
        XCTAssertEqual(text.embeddings.shape, [1, 768])
        XCTAssertEqual(image.lastHiddenState.shape, [1, 257, 1024])
        XCTAssertEqual(image.embeddings.shape, [1, 768])
        for e in [text.embeddings, image.embeddings] {
            XCTAssertFalse(e.scalars.contains { !$0.isFinite })
            XCTAssertEqual(e.scalars.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-4)
        }
    }
}
