/// Transparent pictures become RGB over a white background, as transformers' `convert_to_rgb`
/// does (`Image.alpha_composite(white, image.convert("RGBA")).convert("RGB")`), with Pillow's
/// fixed-point arithmetic (`libImaging/AlphaComposite.c`, 7 precision bits) so that results
/// match to the last bit. OpenAI's own preprocessing drops alpha instead; CLIPSonic follows
/// transformers, which is what the CLIP checkpoints' processors configure today.
enum AlphaCompositing {
    /// rgba: width * height * 4 samples -> RGB samples over opaque white.
    static func overWhite(_ rgba: UnsafeBufferPointer<UInt8>, pixelCount: Int) -> [UInt8] {
        let precision: UInt32 = 7
        @inline(__always) func shiftForDiv255(_ a: UInt32) -> UInt32 { ((a >> 8) + a) >> 8 }
        var out = [UInt8](repeating: 255, count: pixelCount * 3)
        for p in 0..<pixelCount {
            let a = UInt32(rgba[p * 4 + 3])
            guard a > 0 else { continue }  // fully transparent: the background
            let blend = 255 * (255 - a)           // background alpha (255) times (255 - a)
            let outA255 = a * 255 + blend
            let coef1 = a * 255 * 255 * (1 << precision) / outA255
            let coef2 = 255 * (1 << precision) - coef1
            for c in 0..<3 {
                let t = UInt32(rgba[p * 4 + c]) * coef1 + 255 * coef2 + (0x80 << precision)
                out[p * 3 + c] = UInt8(truncatingIfNeeded: shiftForDiv255(t) >> precision)
            }
        }
        return out
    }

    /// Drops the (opaque) alpha channel.
    static func opaque(_ rgba: UnsafeBufferPointer<UInt8>, pixelCount: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: pixelCount * 3)
        for p in 0..<pixelCount {
            out[p * 3] = rgba[p * 4]; out[p * 3 + 1] = rgba[p * 4 + 1]; out[p * 3 + 2] = rgba[p * 4 + 2]
        }
        return out
    }
}
