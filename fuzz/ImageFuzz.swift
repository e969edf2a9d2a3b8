// libFuzzer entry point for PNG and JPEG decoding through libpng / libjpeg-turbo (built by
// fuzz/run.sh against the package's modules); a picture that decodes is also put through CLIP's
// preprocessing, which resizes and crops whatever size it has.
import Models

@_cdecl("LLVMFuzzerTestOneInput")
public func imageFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    guard let image = try? ImageDecoder.decode(bytes, source: "fuzz/picture") else { return 0 }
    guard image.pixels.count == image.width * image.height * 3 else {
        fatalError("\(image.width)x\(image.height) picture with \(image.pixels.count) bytes")
    }
    // The engine's guard, then small pictures only: the resampler's cost grows with the size,
    // not its correctness.
    let preprocessor = CLIPImagePreprocessor(shortestEdge: 32, cropSize: 32)
    if preprocessor.problem(width: image.width, height: image.height) == nil, image.width * image.height <= 1 << 16 {
        _ = preprocessor.pixelValues(image)
    }
    return 0
}
