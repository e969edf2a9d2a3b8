/// CLIP's image preprocessing, as transformers' `CLIPImageProcessor` (PIL backend) does it:
/// resize so the shorter side is `shortestEdge` (Pillow bicubic, antialiased; the longer side
/// `int(shortestEdge * long / short)`), centre crop to `cropSize` (offsets `(size - crop) // 2`),
/// scale to [0, 1], then `(x - mean) / std` per channel.
public struct CLIPImagePreprocessor: Sendable, Codable, Equatable {
    public var shortestEdge: Int
    public var cropSize: Int
    public var mean: [Float]
    public var std: [Float]

    /// OpenAI CLIP's statistics (`OPENAI_CLIP_MEAN`, `OPENAI_CLIP_STD`).
    public static let openAIMean: [Float] = [0.48145466, 0.4578275, 0.40821073]
    public static let openAIStd: [Float] = [0.26862954, 0.26130258, 0.27577711]

    public init(shortestEdge: Int = 224, cropSize: Int = 224, mean: [Float] = openAIMean,
                std: [Float] = openAIStd) {
        self.shortestEdge = shortestEdge
        self.cropSize = cropSize
        self.mean = mean
        self.std = std
    }

    enum CodingKeys: String, CodingKey {
        case shortestEdge = "shortest_edge", cropSize = "crop_size", mean, std
    }

    /// A bundle's `clip.image`: sizes and per-channel statistics within ranges, so that a hostile
    /// file cannot make the crop buffer huge, index past three channels or divide by zero.
    public init(from decoder: Decoder) throws {
        let r = ConfigReader(try decoder.container(keyedBy: CodingKeys.self))
        shortestEdge = try r.int(.shortestEdge, in: 1...4096)
        cropSize = try r.int(.cropSize, in: 1...4096)
        mean = try Self.channels(r, .mean, in: -10...10)
        std = try Self.channels(r, .std, in: 1e-6...100)
    }

    private static func channels(_ r: ConfigReader<CodingKeys>, _ key: CodingKeys,
                                 in range: ClosedRange<Double>) throws -> [Float] {
        let values = try r.container.decode([Double].self, forKey: key)
        guard values.count == 3 else { throw r.failure(key, "must list 3 numbers (red, green, blue), found \(values.count)") }
        if let bad = values.firstIndex(where: { !$0.isFinite || !range.contains($0) }) {
            throw r.failure(key, "element \(bad) must be from \(range.lowerBound) to \(range.upperBound), found \(values[bad])")
        }
        return values.map(Float.init)
    }

    /// Size after the shortest-edge resize, as `get_resize_output_image_size(default_to_square=False)`.
    public func resizedSize(width: Int, height: Int) -> (width: Int, height: Int) {
        let short = Swift.min(width, height), long = Swift.max(width, height)
        // Python: int(size * long / short), true division then truncation.
        let newLong = Int(Double(shortestEdge * long) / Double(short))
        return width <= height ? (shortestEdge, newLong) : (newLong, shortestEdge)
    }

    /// Most pixels the shortest-edge resize may make (192 MB of RGB). The resize scales the long
    /// side up with the short one, so a sliver of a picture (1 x 1,000,000 pixels, 4 KB of PNG)
    /// would otherwise ask for 150 GB at ViT-L/14's 224.
    public static let maximumResizedPixels = 1 << 26

    /// Why a picture of this size cannot be preprocessed, or nil.
    public func problem(width: Int, height: Int) -> String? {
        guard width > 0, height > 0 else { return "it is \(width)x\(height) pixels; it needs at least one" }
        let size = resizedSize(width: width, height: height)
        guard size.width.multipliedReportingOverflow(by: size.height).overflow == false,
              size.width * size.height <= Self.maximumResizedPixels else {
            return "it is \(width)x\(height) pixels: scaled to a short side of \(shortestEdge) it would be "
                + "\(size.width)x\(size.height), more than the \(Self.maximumResizedPixels) pixels allowed; "
                + "crop it to a less elongated shape"
        }
        return nil
    }

    /// The resized and centre-cropped 8-bit picture (before normalisation); smaller pictures are
    /// padded with black as transformers' `center_crop` does.
    public func resizedAndCropped(_ image: RGBImage) -> RGBImage {
        let size = resizedSize(width: image.width, height: image.height)
        let resized = PillowResampler.resizeBicubic(image, width: size.width, height: size.height)
        let top = (resized.height - cropSize) >= 0 ? (resized.height - cropSize) / 2 : -((cropSize - resized.height + 1) / 2)
        let left = (resized.width - cropSize) >= 0 ? (resized.width - cropSize) / 2 : -((cropSize - resized.width + 1) / 2)
        var out = [UInt8](repeating: 0, count: cropSize * cropSize * 3)
        for y in 0..<cropSize {
            let sy = y + top
            guard sy >= 0, sy < resized.height else { continue }
            for x in 0..<cropSize {
                let sx = x + left
                guard sx >= 0, sx < resized.width else { continue }
                for c in 0..<3 { out[(y * cropSize + x) * 3 + c] = resized[sx, sy, c] }
            }
        }
        return RGBImage(width: cropSize, height: cropSize, pixels: out)
    }

    /// pixel_values: [1, 3, cropSize, cropSize]
    public func pixelValues(_ image: RGBImage) -> Tensor {
        let crop = resizedAndCropped(image)
        let n = cropSize * cropSize
        let t = Tensor(zeros: [1, 3, cropSize, cropSize])
        for c in 0..<3 {
            let m = mean[c], s = std[c]
            for i in 0..<n { t.pointer[c * n + i] = (Float(crop.pixels[i * 3 + c]) / 255 - m) / s }
        }
        return t
    }
}
