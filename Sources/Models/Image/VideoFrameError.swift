/// Why a video frame could not be extracted.
public enum VideoFrameError: Error, Equatable, CustomStringConvertible {
    case ffmpegNotFound
    case invalidTime(seconds: Double)
    case missingVideo(path: String)
    /// Not a regular file (a FIFO, a folder, a device), or no permission to read it.
    case unreadableVideo(path: String, reason: String)
    case ffmpegFailed(path: String, status: Int32, message: String)
    case noFrame(path: String, seconds: Double)
    case decoding(ImageDecodingError)

    public var description: String {
        switch self {
        case .ffmpegNotFound:
            return "ffmpeg is not installed (not found on PATH); install it (apt-get install ffmpeg) to use video frames, or give a PNG/JPEG picture"
        case .invalidTime(let seconds):
            return "frame time \(seconds) s is not a finite, non-negative number of seconds"
        case .missingVideo(let path):
            return "\(path): no such video file"
        case .unreadableVideo(let path, let reason):
            return "\(path): cannot read the video: \(reason)"
        case .ffmpegFailed(let path, let status, let message):
            return "\(path): ffmpeg failed (exit \(status)): \(message)"
        case .noFrame(let path, let seconds):
            return "\(path): no frame at \(seconds) s; the video is shorter or has no video stream"
        case .decoding(let error):
            return "frame from ffmpeg: \(error)"
        }
    }
}
