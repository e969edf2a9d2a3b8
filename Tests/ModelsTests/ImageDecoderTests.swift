import Foundation
import XCTest
@testable import Models

/// Decoding against Pillow: `np.array(Image.open(f).convert("RGB"))` written by
/// training/fixtures/gen_clip.py as `decoded.<file>` in clip/pixels_expected.safetensors.
final class ImageDecoderTests: XCTestCase {
    static let pictures = [
        "grey16_13x9.png", "grey_17x23.png", "grey_1bit_19x11.png", "grey_33x21.jpg", "grey_alpha_12x20.png",
        "palette_4bit_26x26.png", "palette_trns_31x19.png", "photo_300x260.jpg", "photo_444_45x37.jpg",
        "pixel_1x1.png", "rgb16_20x12.png", "rgb_40x30.png", "rgb_interlaced_21x34.png", "rgba16_20x12.png",
        "rgba_25x25.png", "tall_4x50.png",
    ]

    func testDecodedPixelsMatchPillowExactly() throws {
        let expected = try SafeTensors(contentsOf: fixtureURL("clip/pixels_expected.safetensors"))
        var checked = 0
        for name in Self.pictures where expected.contains("decoded." + name) {
            let image = try ImageDecoder.load(contentsOf: fixtureURL("images/" + name))
            let want = try expected.tensor("decoded." + name)  // [H, W, 3]
            XCTAssertEqual([image.height, image.width, 3], want.shape, name)
            guard want.shape == [image.height, image.width, 3] else { continue }
            var worst: Float = 0
            for i in 0..<want.count { worst = max(worst, abs(Float(image.pixels[i]) - want.pointer[i])) }
            XCTAssertEqual(worst, 0, "\(name): max sample difference \(worst)")
            checked += 1
        }
        XCTAssertEqual(checked, Self.pictures.count - 1)  // all but the 300x260 photo
    }

    func testFormatDetection() {
        XCTAssertEqual(ImageFormat.detect(Array("GIF89a....".utf8)), .gif)
        XCTAssertEqual(ImageFormat.detect(Array("RIFF\0\0\0\0WEBPVP8 ".utf8)), .webp)
        XCTAssertEqual(ImageFormat.detect([0xFF, 0xD8, 0xFF, 0xE0]), .jpeg)
        XCTAssertNil(ImageFormat.detect([1, 2, 3]))
    }

    func testBadInputThrowsClearErrors() throws {
        XCTAssertThrowsError(try ImageDecoder.decode([], source: "e")) {
            XCTAssertEqual($0 as? ImageDecodingError, .empty(source: "e"))
        }
        XCTAssertThrowsError(try ImageDecoder.decode(Array("hello world".utf8), source: "t")) {
            XCTAssertEqual($0 as? ImageDecodingError, .unrecognized(source: "t"))
        }
        XCTAssertThrowsError(try ImageDecoder.decode(Array("GIF89a\u{1}\0\u{1}\0".utf8), source: "g")) {
            XCTAssertEqual($0 as? ImageDecodingError, .unsupported(source: "g", format: .gif))
            XCTAssertTrue("\($0)".contains("convert it to PNG or JPEG"))
        }
        XCTAssertThrowsError(try ImageDecoder.load(contentsOf: URL(fileURLWithPath: "/nonexistent.png"))) {
            guard case .unreadable = $0 as? ImageDecodingError else { return XCTFail("\($0)") }
        }
        for name in ["rgb_40x30.png", "photo_444_45x37.jpg", "rgb_interlaced_21x34.png", "grey_33x21.jpg"] {
            let bytes = try [UInt8](Data(contentsOf: fixtureURL("images/" + name)))
            // Truncated at several points: header only, mid-header, mid-data.
            for cut in [8, 20, bytes.count / 3, bytes.count * 2 / 3, bytes.count - 30] {
                assertCorrupt(Array(bytes.prefix(cut)), name: "\(name) cut at \(cut)")
            }
            // Damaged data: bytes in the middle overwritten.
            var damaged = bytes
            for i in stride(from: bytes.count / 2, to: min(bytes.count / 2 + 64, bytes.count), by: 1) { damaged[i] = 0xA5 }
            if let result = try? ImageDecoder.decode(damaged, source: name) {
                // JPEG entropy data can absorb garbage and still decode, as in Pillow; it must stay sane.
                XCTAssertTrue(name.hasSuffix(".jpg"), "\(name): damaged PNG decoded")
                XCTAssertEqual(result.pixels.count, result.width * result.height * 3)
            }
        }
    }

    func testZeroSizeAndHugeImagesAreRefused() throws {
        // A PNG whose IHDR says 0x5 (CRC fixed up, so only the size is wrong).
        assertCorrupt(pngWithHeader(width: 0, height: 5), name: "0x5 png")
        assertCorrupt(pngWithHeader(width: 7, height: 0), name: "7x0 png")
        let huge = pngWithHeader(width: 100_000, height: 100_000)
        XCTAssertThrowsError(try ImageDecoder.decode(huge, source: "huge")) {
            XCTAssertTrue("\($0)".contains("limit"), "\($0)")
        }
        // A JPEG whose frame header says height 0.
        var jpeg = try [UInt8](Data(contentsOf: fixtureURL("images/photo_444_45x37.jpg")))
        if let sof = (0..<(jpeg.count - 1)).first(where: { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 }) {
            jpeg[sof + 5] = 0; jpeg[sof + 6] = 0
            assertCorrupt(jpeg, name: "jpeg height 0")
        } else {
            XCTFail("no SOF0 marker in the test JPEG")
        }
    }

    private func assertCorrupt(_ bytes: [UInt8], name: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ImageDecoder.decode(bytes, source: name), name, file: file, line: line) { error in
            guard let e = error as? ImageDecodingError else { return XCTFail("\(error)", file: file, line: line) }
            switch e {
            case .corrupt, .zeroSize: XCTAssertFalse("\(e)".isEmpty)
            default: XCTFail("\(name): unexpected \(e)", file: file, line: line)
            }
        }
    }

    private func pngWithHeader(width: UInt32, height: UInt32) -> [UInt8] {
        var ihdr: [UInt8] = Array("IHDR".utf8)
        for v in [width, height] { ihdr += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        ihdr += [8, 2, 0, 0, 0]
        let crc = crc32(ihdr)
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + ihdr
        png += [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
        // An empty IDAT, so libpng reaches the pixel data (and the size checks) before failing.
        let idat = crc32(Array("IDAT".utf8))
        png += [0, 0, 0, 0] + Array("IDAT".utf8) + [UInt8(idat >> 24), UInt8(idat >> 16 & 0xFF), UInt8(idat >> 8 & 0xFF), UInt8(idat & 0xFF)]
        png += [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82]
        return png
    }

    private func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
        }
        return ~c
    }
}
