import Foundation
import XCTest
@testable import Engine
import Models

/// A picture that decodes within the pixel limit but would become terabytes once CLIP's resize
/// scales its long side up with the short one (issue 17): refused with its size, not an abort.
final class HostilePictureTests: XCTestCase {
    func testASliverOfAPictureIsRefusedBeforeTheResize() throws {
        let engine = try TinyBundle.engine.get()
        let sliver = TinyBundle.repositoryRoot.appendingPathComponent("Tests/Fixtures/images/sliver_1x1000000.png").path
        var request = GenerationRequest(prompt: "", mode: .image, steps: 2, seed: 1)
        request.imagePath = sliver
        XCTAssertThrowsError(try engine.generate(request)) { error in
            XCTAssertEqual(error as? EngineError, .unreadableImage(path: sliver, reason:
                "it is 1x1000000 pixels: scaled to a short side of 32 it would be 32x32000000, more than the 67108864 "
                + "pixels allowed; crop it to a less elongated shape"))
        }
    }

    /// The largest sliver libpng lets through (1,000,000 rows) at ViT-L/14's 224: 150 GB of RGB.
    func testTheLargestDecodablePictureIsMeasuredNotAllocated() {
        let preprocessor = CLIPImagePreprocessor(shortestEdge: 224, cropSize: 224)
        XCTAssertNotNil(preprocessor.problem(width: 1, height: 1_000_000))
        XCTAssertNotNil(preprocessor.problem(width: 1, height: ImageDecoder.maxPixels))
        XCTAssertNotNil(preprocessor.problem(width: 0, height: 10))
        XCTAssertNil(preprocessor.problem(width: 640, height: 480))
        XCTAssertNil(preprocessor.problem(width: 224, height: 224 * 1000), "a 1000:1 panorama still fits")
    }
}
