import Foundation

/// One frame of a video at a given time, through the `ffmpeg` command-line tool: ffmpeg seeks,
/// decodes one frame and writes it as PNG to a pipe, which `ImageDecoder` reads. Nothing is
/// linked against ffmpeg's libraries; without ffmpeg on PATH every call fails with
/// `.ffmpegNotFound`, and the rest of the studio works.
public enum VideoFrameExtractor {
    /// Finds `ffmpeg` on PATH (or `CLIPSONIC_FFMPEG` when set).
    public static func ffmpegURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let fm = FileManager.default
        if let explicit = environment["CLIPSONIC_FFMPEG"], !explicit.isEmpty {
            return fm.isExecutableFile(atPath: explicit) ? URL(fileURLWithPath: explicit) : nil
        }
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("ffmpeg")
            if fm.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// The frame shown at `seconds` into the video at `url`.
    public static func frame(of url: URL, at seconds: Double) throws(VideoFrameError) -> RGBImage {
        guard seconds.isFinite, seconds >= 0 else { throw .invalidTime(seconds: seconds) }
        guard let ffmpeg = ffmpegURL() else { throw .ffmpegNotFound }
        // ffmpeg given a FIFO waits for a writer forever; only a regular file is handed to it.
        do { try RegularFile.requireRegular(url.path) } catch where error.code == ENOENT {
            throw .missingVideo(path: url.path)
        } catch {
            throw .unreadableVideo(path: url.path, reason: error.reason)
        }
        let process = Process()
        process.executableURL = ffmpeg
        // -ss before -i: fast, keyframe-based seek followed by exact decoding to the time.
        process.arguments = ["-nostdin", "-hide_banner", "-loglevel", "error",
                             "-ss", String(format: "%.6f", seconds), "-i", url.path,
                             "-frames:v", "1", "-an", "-f", "image2pipe", "-vcodec", "png", "pipe:1"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .ffmpegFailed(path: url.path, status: -1, message: "could not start \(ffmpeg.path): \(error.localizedDescription)")
        }
        // Read stderr concurrently so a chatty ffmpeg cannot block on a full pipe.
        let errorData = ErrorCollector(err.fileHandleForReading)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = errorData.wait()
        guard process.terminationStatus == 0 else {
            throw .ffmpegFailed(path: url.path, status: process.terminationStatus,
                                message: message.isEmpty ? "no message" : message)
        }
        guard !data.isEmpty else { throw .noFrame(path: url.path, seconds: seconds) }
        do { return try ImageDecoder.decode([UInt8](data), source: "\(url.path) at \(seconds) s") } catch {
            throw .decoding(error)
        }
    }
}

/// Drains a pipe on a background thread and hands back its text.
private final class ErrorCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var text = ""

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let data = handle.readDataToEndOfFile()
            text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            done.signal()
        }
    }

    func wait() -> String {
        done.wait()
        return String(text.suffix(500))
    }
}
