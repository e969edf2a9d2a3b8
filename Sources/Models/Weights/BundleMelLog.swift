/// How mel magnitudes become the values the U-Net sees and the vocoder takes:
/// `(log_base(max(mel, floor)) - mean) / std`.
///
/// BigVGAN's rule is base e, floor 1e-5, mean 0, std 1.
public struct BundleMelLog: Codable, Sendable, Equatable {
    public enum Base: String, Codable, Sendable {
        case e
        case ten = "10"
    }

    public var base: Base
    public var floor: Double
    public var mean: Double
    public var std: Double

    public init(base: Base = .e, floor: Double = 1e-5, mean: Double = 0, std: Double = 1) {
        self.base = base
        self.floor = floor
        self.mean = mean
        self.std = std
    }

    enum CodingKeys: String, CodingKey {
        case base, floor, mean, std
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let baseName = try c.decode(String.self, forKey: .base)
        guard let base = Base(rawValue: baseName) else {
            throw DecodingError.dataCorruptedError(forKey: .base, in: c,
                debugDescription: "unknown log base \"\(baseName)\" (expected \"e\" or \"10\")")
        }
        self.base = base
        floor = try c.decode(Double.self, forKey: .floor)
        mean = try c.decodeIfPresent(Double.self, forKey: .mean) ?? 0
        std = try c.decodeIfPresent(Double.self, forKey: .std) ?? 1
    }
}
