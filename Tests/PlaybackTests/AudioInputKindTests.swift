import Engine
import FileTestSupport
import Foundation
import XCTest
@testable import Playback

/// Sounds are read (from-audio, `clipsonic info`, the studio) only from regular files: libsndfile
/// opening a FIFO by name waited for a writer forever (issue 17).
final class AudioInputKindTests: XCTestCase {
    private let fifoReason = "it is a named pipe (FIFO), not a regular file; give the path of a file"

    func testASoundThatIsAFIFOIsRefused() throws {
        let fifo = try makeTemporaryFolder(self).appendingPathComponent("source.wav")
        XCTAssertTrue(makeFIFO(fifo))
        for read in [{ _ = try AudioFile.read(fifo) }, { _ = try AudioFile.readMetadata(fifo) },
                     { _ = try AudioFile.engineReader(fifo.path) }] as [@Sendable () throws -> Void] {
            let message = outcome(releasing: fifo) {
                do { try read(); return "read" } catch { return "\(error)" }
            }
            XCTAssertEqual(message, "cannot read \(fifo.path) as WAV or FLAC audio: \(fifoReason); "
                + "the file may be damaged or of another format")
        }
    }

    func testASoundThatIsAFolderIsRefused() throws {
        let folder = try makeTemporaryFolder(self).appendingPathComponent("source.flac")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        XCTAssertThrowsError(try AudioFile.read(folder)) {
            XCTAssertTrue("\($0)".contains("it is a folder, not a regular file"), "\($0)")
        }
    }

    func testAMissingSoundIsStillNotFound() throws {
        let missing = try makeTemporaryFolder(self).appendingPathComponent("missing.wav")
        XCTAssertThrowsError(try AudioFile.read(missing)) {
            XCTAssertEqual($0 as? AudioFileError, .notFound(path: missing.path))
        }
    }
}
