import Foundation

/// Per-channel parameters of BigVGAN's periodic activations, ready to apply:
/// Snake `x + 1/(alpha + 1e-9) sin^2(alpha x)` and SnakeBeta `x + 1/(beta + 1e-9) sin^2(alpha x)`
/// (`bigvgan.activations`), with `exp` applied once at load for `snake_logscale` checkpoints.
struct BigVGANSnake {
    /// Frequency, [C], already exponentiated.
    let alpha: [Float]
    /// `1 / (beta + 1e-9)` ([C]); beta is alpha for Snake.
    let inverseBeta: [Float]

    /// Reads `<name>.alpha` (and `<name>.beta` for SnakeBeta).
    init(_ source: BigVGANTensorSource, _ name: String, channels: Int,
         kind: BigVGANConfiguration.Activation, logScale: Bool) throws(WeightsError) {
        var a = try source("\(name).alpha", [channels]).scalars
        var b = kind == .snakeBeta ? try source("\(name).beta", [channels]).scalars : a
        if logScale {
            a = a.map { expf($0) }
            b = b.map { expf($0) }
        }
        alpha = a
        inverseBeta = b.map { 1 / ($0 + 1e-9) }
    }
}
