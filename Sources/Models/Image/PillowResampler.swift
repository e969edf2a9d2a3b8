import Foundation

/// Pillow's antialiased resize of 8-bit images (`Image.resize(size, Image.BICUBIC)`), bit for
/// bit: matches `libImaging/Resample.c` (`precompute_coeffs`, `normalize_coeffs_8bpc`,
/// `ImagingResampleHorizontal_8bpc` / `Vertical_8bpc`). The filter's support grows with the
/// downscale factor so that every source pixel contributes (antialiasing); weights are rounded to
/// 22-bit fixed point, and the horizontal pass is rounded to 8 bits before the vertical pass.
public enum PillowResampler {
    /// Pillow's bicubic kernel (Keys, a = -0.5), support 2.
    static func bicubic(_ x: Double) -> Double {
        let a = -0.5
        let x = abs(x)
        if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
        if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
        return 0
    }

    static let precisionBits = 32 - 8 - 2

    /// Per output pixel: first source index, number of taps, and fixed-point weights (`ksize` each).
    struct Coefficients {
        var bounds: [(start: Int, count: Int)]
        var weights: [Int32]
        var kernelSize: Int
    }

    static func coefficients(inSize: Int, outSize: Int) -> Coefficients {
        let scale = Double(inSize) / Double(outSize)
        let filterScale = Swift.max(scale, 1)
        let support = 2.0 * filterScale
        let kernelSize = Int(support.rounded(.up)) * 2 + 1
        var bounds: [(Int, Int)] = []
        bounds.reserveCapacity(outSize)
        var weights = [Int32](repeating: 0, count: outSize * kernelSize)
        var k = [Double](repeating: 0, count: kernelSize)
        for xx in 0..<outSize {
            let center = (Double(xx) + 0.5) * scale
            let ss = 1.0 / filterScale
            // C's (int) cast truncates toward zero.
            let xmin = Swift.max(Int(center - support + 0.5), 0)
            let xmax = Swift.min(Int(center + support + 0.5), inSize) - xmin
            var total = 0.0
            for x in 0..<xmax {
                let w = bicubic((Double(x + xmin) - center + 0.5) * ss)
                k[x] = w
                total += w
            }
            for x in 0..<kernelSize {
                var w = x < xmax ? k[x] : 0
                if x < xmax, total != 0 { w /= total }
                let scaled = w * Double(1 << precisionBits)
                weights[xx * kernelSize + x] = Int32(w < 0 ? (scaled - 0.5) : (scaled + 0.5))
            }
            bounds.append((xmin, Swift.max(xmax, 0)))
        }
        return Coefficients(bounds: bounds, weights: weights, kernelSize: kernelSize)
    }

    @inline(__always) static func clip8(_ v: Int32) -> UInt8 {
        if v <= 0 { return 0 }
        let shifted = v >> Int32(precisionBits)
        return shifted >= 255 ? 255 : UInt8(shifted)
    }

    /// Resizes `image` to `width` x `height` with Pillow's BICUBIC filter.
    public static func resizeBicubic(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
        precondition(width > 0 && height > 0, "resize to \(width)x\(height)")
        if width == image.width && height == image.height { return image }
        let vertical = coefficients(inSize: image.height, outSize: height)
        var source = image.pixels
        var sourceWidth = image.width
        var rowOffset = 0
        if width != image.width {
            // Only the rows the vertical pass reads are resampled horizontally.
            let first = vertical.bounds[0].start
            let last = vertical.bounds[height - 1].start + vertical.bounds[height - 1].count
            source = horizontal(image, rows: first..<last, width: width)
            sourceWidth = width
            rowOffset = first
        }
        if height == image.height { return RGBImage(width: width, height: height, pixels: source) }
        return RGBImage(width: width, height: height,
                        pixels: verticalPass(source, width: sourceWidth, rowOffset: rowOffset,
                                             coefficients: vertical, height: height))
    }

    private static func horizontal(_ image: RGBImage, rows: Range<Int>, width: Int) -> [UInt8] {
        let c = coefficients(inSize: image.width, outSize: width)
        var out = [UInt8](repeating: 0, count: rows.count * width * 3)
        let half = Int32(1 << (precisionBits - 1))
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (r, y) in rows.enumerated() {
                    let inRow = y * image.width * 3
                    for xx in 0..<width {
                        let (start, count) = c.bounds[xx]
                        let kBase = xx * c.kernelSize
                        var s0 = half, s1 = half, s2 = half
                        for x in 0..<count {
                            let w = c.weights[kBase + x]
                            let p = inRow + (start + x) * 3
                            s0 &+= Int32(src[p]) &* w
                            s1 &+= Int32(src[p + 1]) &* w
                            s2 &+= Int32(src[p + 2]) &* w
                        }
                        let o = (r * width + xx) * 3
                        dst[o] = clip8(s0); dst[o + 1] = clip8(s1); dst[o + 2] = clip8(s2)
                    }
                }
            }
        }
        return out
    }

    private static func verticalPass(_ source: [UInt8], width: Int, rowOffset: Int,
                                     coefficients c: Coefficients, height: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: height * width * 3)
        let half = Int32(1 << (precisionBits - 1))
        let rowBytes = width * 3
        source.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for yy in 0..<height {
                    let (start, count) = c.bounds[yy]
                    let kBase = yy * c.kernelSize
                    for i in 0..<rowBytes {
                        var s = half
                        for y in 0..<count {
                            s &+= Int32(src[(start - rowOffset + y) * rowBytes + i]) &* c.weights[kBase + y]
                        }
                        dst[yy * rowBytes + i] = clip8(s)
                    }
                }
            }
        }
        return out
    }
}
