/// Picture file formats, told apart by their first bytes (never by the file name).
public enum ImageFormat: String, Sendable, Equatable {
    case png, jpeg
    // Recognised only to say clearly that they are not supported.
    case gif, bmp, webp, tiff, heif, qoi

    public var isSupported: Bool { self == .png || self == .jpeg }

    /// The format whose signature `bytes` start with, or nil when none is recognised.
    public static func detect(_ bytes: [UInt8]) -> ImageFormat? {
        func starts(_ sig: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + sig.count && Array(bytes[offset..<(offset + sig.count)]) == sig
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF8".utf8)) { return .gif }
        if starts(Array("BM".utf8)) { return .bmp }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(Array("ftyp".utf8), at: 4) { return .heif }
        if starts(Array("qoif".utf8)) { return .qoi }
        return nil
    }
}
