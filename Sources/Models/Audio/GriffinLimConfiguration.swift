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

    /// Iterations bounded (30 times torchaudio's 32) so that a hostile bundle.json cannot make
    /// vocoding run for hours: each one is an STFT and an inverse STFT of the whole take.
    public init(from decoder: Decoder) throws {
        let r = ConfigReader(try decoder.container(keyedBy: CodingKeys.self))
        let d = GriffinLimConfiguration()
        iterations = try r.int(.iterations, default: d.iterations, in: 0...1000)
        momentum = try r.real(.momentum, default: d.momentum, in: 0...0.999_999)
        melInversionIterations = try r.int(.melInversionIterations, default: d.melInversionIterations, in: 0...1000)
        seed = try r.container.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
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
