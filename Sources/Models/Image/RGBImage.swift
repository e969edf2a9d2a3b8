/// An 8-bit RGB picture, rows top to bottom, pixels interleaved (R, G, B).
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// width * height * 3 samples.
    public let pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 3,
                     "RGBImage \(width)x\(height) needs \(width * height * 3) samples, got \(pixels.count)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Sample `channel` (0 R, 1 G, 2 B) of the pixel at column `x`, row `y`.
    public subscript(x: Int, y: Int, channel: Int) -> UInt8 { pixels[(y * width + x) * 3 + channel] }
}
