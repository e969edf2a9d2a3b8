/// Why picture bytes could not become an `RGBImage`.
public enum ImageDecodingError: Error, Equatable, CustomStringConvertible {
    case unreadable(source: String, reason: String)
    case empty(source: String)
    case unrecognized(source: String)
    case unsupported(source: String, format: ImageFormat)
    case corrupt(source: String, format: ImageFormat, reason: String)
    case zeroSize(source: String, width: Int, height: Int)

    public var description: String {
        switch self {
        case .unreadable(let source, let reason):
            return "\(source): cannot read the picture (\(reason))"
        case .empty(let source):
            return "\(source): the file is empty; give a PNG or JPEG picture"
        case .unrecognized(let source):
            return "\(source): not a PNG or JPEG picture (unknown signature); convert it to PNG or JPEG"
        case .unsupported(let source, let format):
            return "\(source): \(format.rawValue.uppercased()) pictures are not supported; convert it to PNG or JPEG"
        case .corrupt(let source, let format, let reason):
            return "\(source): damaged \(format.rawValue.uppercased()) picture: \(reason)"
        case .zeroSize(let source, let width, let height):
            return "\(source): the picture is \(width)x\(height) pixels; it needs at least one pixel"
        }
    }
}
