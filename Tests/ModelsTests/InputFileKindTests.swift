import Foundation
@testable import Models
import FileTestSupport
import XCTest

/// Weights, tokenizer vocabularies, pictures and videos are read only when they are regular
/// files: a FIFO is refused at once instead of waited on forever, a folder with a clear reason
/// (issue 17). `RegularFileTests` holds the manifest and the FIFO cases of weights and tokenizers.
final class InputFileKindTests: XCTestCase {
    private let fifoReason = "it is a named pipe (FIFO), not a regular file; give the path of a file"
    private let folderReason = "it is a folder, not a regular file; give the path of a file"

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-kind-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    /// A folder at `name` inside a fresh temporary folder.
    private func folder(named name: String) throws -> URL {
        let url = try temporaryFolder().appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        return url
    }

    private func fifo(named name: String) throws -> URL {
        let url = try temporaryFolder().appendingPathComponent(name)
        XCTAssertTrue(makeFIFO(url))
        return url
    }

    func testWeightsThatAreAFolderAreRefused() throws {
        let url = try folder(named: "unet.safetensors")
        XCTAssertThrowsError(try SafeTensors(contentsOf: url)) {
            XCTAssertEqual("\($0)", "\(url.path): cannot read: \(self.folderReason); check the path and its permissions")
        }
    }

    func testATokenizerThatIsAFolderIsRefused() throws {
        let url = try folder(named: "merges.txt")
        XCTAssertThrowsError(try CLIPTokenizer(contentsOf: url)) {
            XCTAssertTrue("\($0)".contains(self.folderReason), "\($0)")
        }
    }

    func testAPictureThatIsAFIFOIsRefused() throws {
        let url = try fifo(named: "picture.png")
        let message = outcome(releasing: url) {
            do { _ = try ImageDecoder.load(contentsOf: url); return "decoded" } catch { return "\(error)" }
        }
        XCTAssertEqual(message, "\(url.path): cannot read the picture (\(fifoReason))")
    }

    func testAPictureThatIsAFolderIsRefused() throws {
        let url = try folder(named: "picture.png")
        XCTAssertThrowsError(try ImageDecoder.load(contentsOf: url)) {
            XCTAssertEqual("\($0)", "\(url.path): cannot read the picture (\(self.folderReason))")
        }
    }

    func testAVideoThatIsAFIFOIsRefusedBeforeFFmpegWaitsOnIt() throws {
        try XCTSkipIf(VideoFrameExtractor.ffmpegURL() == nil, "ffmpeg is not installed")
        let url = try fifo(named: "clip.mp4")
        let message = outcome(releasing: url) {
            do { _ = try VideoFrameExtractor.frame(of: url, at: 0); return "extracted" } catch { return "\(error)" }
        }
        XCTAssertEqual(message, "\(url.path): cannot read the video: \(fifoReason)")
    }
}
