import Foundation
@testable import Models
import FileTestSupport
import XCTest

/// Weights, bundle manifests and tokenizer files are read only when they are regular files, so
/// a FIFO named as one is refused at once instead of waited on forever (issue 17, finding 4).
final class RegularFileTests: XCTestCase {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-regular-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    private let fifoReason = "it is a named pipe (FIFO), not a regular file; give the path of a file"

    func testWeightsThatAreAFIFOAreRefused() throws {
        let fifo = try temporaryFolder().appendingPathComponent("unet.safetensors")
        XCTAssertTrue(makeFIFO(fifo))
        let message = outcome(releasing: fifo) {
            do { _ = try SafeTensorsBytes(mapping: fifo.path); return "mapped" } catch { return "\(error)" }
        }
        XCTAssertEqual(message, "\(fifo.path): cannot read: \(fifoReason); check the path and its permissions")
    }

    func testABundleManifestThatIsAFIFOIsRefused() throws {
        let folder = try temporaryFolder()
        let fifo = folder.appendingPathComponent("bundle.json")
        XCTAssertTrue(makeFIFO(fifo))
        let message = outcome(releasing: fifo) {
            do { _ = try ModelBundle.open(at: folder); return "opened" } catch { return "\(error)" }
        }
        XCTAssertEqual(message, "\(fifo.path): cannot read: \(fifoReason); check the path and its permissions")
    }

    func testATokenizerFileThatIsAFIFOIsRefused() throws {
        let fifo = try temporaryFolder().appendingPathComponent("merges.txt")
        XCTAssertTrue(makeFIFO(fifo))
        let message = outcome(releasing: fifo) {
            do { _ = try CLIPTokenizer(contentsOf: fifo); return "read" } catch { return "\(error)" }
        }
        XCTAssertEqual(message.map { $0.contains(self.fifoReason) }, true, message ?? "timed out")
    }

    func testAMissingManifestStillSaysWhatIsMissing() throws {
        let folder = try temporaryFolder()
        XCTAssertThrowsError(try ModelBundle.open(at: folder)) {
            XCTAssertEqual($0 as? WeightsError, .unreadable(file: folder.appendingPathComponent("bundle.json").path,
                                                             reason: "no bundle.json in the folder; is this a bundle folder?"))
        }
    }

    func testContentsRefusesAFileOverItsLimit() throws {
        let file = try temporaryFolder().appendingPathComponent("big")
        try Data(count: 2048).write(to: file)
        XCTAssertEqual(try RegularFile.contents(file.path, limit: 2048).count, 2048)
        XCTAssertThrowsError(try RegularFile.contents(file.path, limit: 1024)) {
            XCTAssertEqual("\($0)", "\(file.path): it is larger than the 1 KiB limit for this kind of file")
        }
    }
}
