import Foundation
import XCTest
@testable import Models

/// CLIP preprocessing against transformers' CLIPImageProcessor (PIL backend), from
/// training/fixtures/gen_clip.py:
///   CLIPImageProcessorPil(size={"shortest_edge": 48}, crop_size={"height": 40, "width": 40})(images=im)
/// and, at the real 224/224 setting, the 8-bit crop it normalises (clip/crop224_*.png).
final class ImagePreprocessingTests: XCTestCase {
    func testPixelValuesMatchCLIPImageProcessor() throws {
        let expected = try SafeTensors(contentsOf: fixtureURL("clip/pixels_expected.safetensors"))
        let pre = CLIPImagePreprocessor(shortestEdge: 48, cropSize: 40)
        for name in ImageDecoderTests.pictures {
            let image = try ImageDecoder.load(contentsOf: fixtureURL("images/" + name))
            let got = pre.pixelValues(image)
            let want = try expected.tensor("pixels." + name)
            XCTAssertEqual(got.shape, want.shape, name)
            guard got.shape == want.shape else { continue }
            // Compare in [0, 1] units: 2/255 allowed, measured exact up to float rounding.
            var worst: Float = 0
            for c in 0..<3 {
                for i in 0..<(40 * 40) {
                    let k = c * 1600 + i
                    worst = max(worst, abs(got.pointer[k] - want.pointer[k]) * pre.std[c])
                }
            }
            XCTAssertLessThanOrEqual(worst, 2 / 255, "\(name): max difference \(worst * 255)/255")
            XCTAssertLessThanOrEqual(worst, 1e-5, "\(name): expected Pillow-exact pixels, off by \(worst * 255)/255")
        }
    }

    func testFullSizeCropMatchesPillow() throws {
        let pre = CLIPImagePreprocessor()
        for (source, crop) in [("photo_300x260.jpg", "crop224_photo_300x260.png"), ("rgb_40x30.png", "crop224_rgb_40x30.png")] {
            let image = try ImageDecoder.load(contentsOf: fixtureURL("images/" + source))
            let want = try ImageDecoder.load(contentsOf: fixtureURL("clip/" + crop))
            let got = pre.resizedAndCropped(image)
            XCTAssertEqual(got.width, 224)
            XCTAssertEqual(got.height, 224)
            var worst = 0
            for i in 0..<want.pixels.count { worst = max(worst, abs(Int(got.pixels[i]) - Int(want.pixels[i]))) }
            XCTAssertLessThanOrEqual(worst, 1, "\(source): max difference \(worst)/255")
        }
    }

    func testResizedSizeFollowsTransformers() {
        let pre = CLIPImagePreprocessor()
        XCTAssertTrue(pre.resizedSize(width: 300, height: 260) == (258, 224))
        XCTAssertTrue(pre.resizedSize(width: 4, height: 50) == (224, 2800))
        XCTAssertTrue(pre.resizedSize(width: 1, height: 1) == (224, 224))
        XCTAssertTrue(pre.resizedSize(width: 640, height: 480) == (298, 224))
    }
}
