/// Settings of the Griffin-Lim vocoder; every field has the default the studio uses.
public struct GriffinLimConfiguration: Codable, Sendable, Equatable {
    /// Phase-recovery iterations (torchaudio's `n_iter` defaults to 32).
    public var iterations: Int = 32
    /// Fast Griffin-Lim momentum (Perraudin et al. 2013); 0.99 as torchaudio's default.
    public var momentum: Double = 0.99
    /// Projected-gradient iterations of the non-negative least-squares mel inversion;
    /// 0 keeps the clamped pseudo-inverse.
    public var melInversionIterations: Int = 60
    /// Seed of the random initial phases.
    public var seed: UInt64 = 0

    enum CodingKeys: String, CodingKey {
        case iterations, momentum, melInversionIterations = "mel_inversion_iterations", seed
    }

    public init(iterations: Int = 32, momentum: Double = 0.99, melInversionIterations: Int = 60, seed: UInt64 = 0) {
        self.iterations = iterations
        self.momentum = momentum
        self.melInversionIterations = melInversionIterations
        self.seed = seed
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = GriffinLimConfiguration()
        iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? d.iterations
        momentum = try c.decodeIfPresent(Double.self, forKey: .momentum) ?? d.momentum
        melInversionIterations = try c.decodeIfPresent(Int.self, forKey: .melInversionIterations)
            ?? d.melInversionIterations
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
    }

    public func validate() throws {
        guard iterations >= 0 else {
            throw AudioError.invalidConfiguration(field: "iterations", value: "\(iterations)", requirement: ">= 0")
        }
        guard momentum >= 0, momentum < 1 else {
            throw AudioError.invalidConfiguration(field: "momentum", value: "\(momentum)", requirement: "in 0..<1")
        }
        guard melInversionIterations >= 0 else {
            throw AudioError.invalidConfiguration(field: "mel_inversion_iterations",
                                                  value: "\(melInversionIterations)", requirement: ">= 0")
        }
    }
}
