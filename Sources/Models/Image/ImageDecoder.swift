import CImageCodecs
import Foundation

/// PNG and JPEG decoding to 8-bit RGB through Debian's libpng and libjpeg-turbo, with the
/// conversions transformers' `convert_to_rgb` makes through Pillow: grey and palette to RGB,
/// 16-bit samples to their high byte, no gamma correction, and transparency (an alpha channel
/// or a tRNS chunk) composited over white (see `AlphaCompositing`).
///
/// One deliberate difference: Pillow opens 16-bit grey PNGs in mode "I;16" and `convert("RGB")`
/// clips those values at 255 (nearly every pixel turns white); here they keep their high byte,
/// as Pillow does for 16-bit RGB and grey-with-alpha PNGs.
public enum ImageDecoder {
    /// Decompression-bomb guard: pictures above this many pixels are refused.
    public static let maxPixels = 1 << 27

    /// Decodes PNG or JPEG bytes. No I/O: `source` only names the picture in errors.
    public static func decode(_ bytes: [UInt8], source: String) throws(ImageDecodingError) -> RGBImage {
        guard !bytes.isEmpty else { throw .empty(source: source) }
        guard let format = ImageFormat.detect(bytes) else { throw .unrecognized(source: source) }
        guard format.isSupported else { throw .unsupported(source: source, format: format) }
        var result = clipsonic_image()
        let ok = bytes.withUnsafeBufferPointer { buf -> Int32 in
            switch format {
            case .png: return clipsonic_decode_png(buf.baseAddress, buf.count, UInt64(maxPixels), &result)
            default: return clipsonic_decode_jpeg(buf.baseAddress, buf.count, UInt64(maxPixels), &result)
            }
        }
        guard ok == 1 else {
            let message = withUnsafeBytes(of: result.message) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            throw .corrupt(source: source, format: format, reason: message.isEmpty ? "unknown decoder error" : message)
        }
        defer { clipsonic_image_free(&result) }
        let width = Int(result.width), height = Int(result.height)
        guard width > 0, height > 0, let base = result.pixels else {
            throw .zeroSize(source: source, width: width, height: height)
        }
        let rgba = UnsafeBufferPointer(start: base, count: width * height * 4)
        let pixels = result.has_alpha != 0
            ? AlphaCompositing.overWhite(rgba, pixelCount: width * height)
            : AlphaCompositing.opaque(rgba, pixelCount: width * height)
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// Largest picture file read: well above any PNG or JPEG of `maxPixels` pixels that a
    /// camera or an editor writes, far below what would exhaust memory.
    public static let maximumFileSize = 512 << 20

    /// Reads a picture file, a regular file only (a FIFO would block the read forever), and
    /// decodes it.
    public static func load(contentsOf url: URL) throws(ImageDecodingError) -> RGBImage {
        let data: Data
        do { data = try RegularFile.contents(url.path, limit: maximumFileSize) } catch {
            throw .unreadable(source: url.path, reason: error.reason)
        }
        return try decode([UInt8](data), source: url.path)
    }
}
