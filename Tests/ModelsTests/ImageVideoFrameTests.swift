import Foundation
import XCTest
@testable import Models

/// Video frames through ffmpeg (skipped where ffmpeg is not installed; the error path is always tested).
final class ImageVideoFrameTests: XCTestCase {
    func testFrameAtTimeFromGeneratedVideo() throws {
        guard let ffmpeg = VideoFrameExtractor.ffmpegURL() else { throw XCTSkip("ffmpeg not installed") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-video-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let video = dir.appendingPathComponent("colors.mkv")
        // 1 s red then 1 s blue, 32x24, lossless so colours are exact-ish.
        let p = Process()
        p.executableURL = ffmpeg
        p.arguments = ["-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=red:s=32x24:d=1:r=10",
                       "-f", "lavfi", "-i", "color=c=blue:s=32x24:d=1:r=10",
                       "-filter_complex", "[0:v][1:v]concat=n=2:v=1", "-c:v", "ffv1", video.path]
        try p.run(); p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        let first = try VideoFrameExtractor.frame(of: video, at: 0.2)
        let second = try VideoFrameExtractor.frame(of: video, at: 1.5)
        XCTAssertEqual(first.width, 32); XCTAssertEqual(first.height, 24)
        XCTAssertGreaterThan(first[10, 10, 0], 200); XCTAssertLessThan(first[10, 10, 2], 60)
        XCTAssertGreaterThan(second[10, 10, 2], 200); XCTAssertLessThan(second[10, 10, 0], 60)
        XCTAssertThrowsError(try VideoFrameExtractor.frame(of: video, at: 30)) {
            guard case .noFrame = $0 as? VideoFrameError else { return XCTFail("\($0)") }
        }
        let notVideo = dir.appendingPathComponent("x.mp4")
        try Data("not a video".utf8).write(to: notVideo)
        XCTAssertThrowsError(try VideoFrameExtractor.frame(of: notVideo, at: 0)) {
            guard case .ffmpegFailed = $0 as? VideoFrameError else { return XCTFail("\($0)") }
        }
    }

    func testClearErrorsWithoutFFmpegOrWithBadArguments() {
        XCTAssertNil(VideoFrameExtractor.ffmpegURL(environment: ["PATH": "/nonexistent"]))
        XCTAssertThrowsError(try VideoFrameExtractor.frame(of: URL(fileURLWithPath: "/x.mp4"), at: -1)) {
            XCTAssertEqual($0 as? VideoFrameError, .invalidTime(seconds: -1))
        }
        XCTAssertTrue(VideoFrameError.ffmpegNotFound.description.contains("apt-get install ffmpeg"))
    }
}
