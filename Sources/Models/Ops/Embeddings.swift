import Foundation

extension Ops {
    /// Sinusoidal embedding of scalar positions or diffusion times.
    /// t: [N] -> [N, dim]: frequencies exp(-ln(maxPeriod) * i / (dim/2 - freqShift)) for
    /// i < dim/2, then cat(cos, sin) (guided-diffusion's `timestep_embedding`, freqShift 0) or
    /// cat(sin, cos) with `sinFirst` (DALLE2-pytorch's SinusoidalPosEmb, freqShift 1).
    /// An odd `dim` gets a trailing zero column, as guided-diffusion does.
    public static func sinusoidalEmbedding(_ t: Tensor, dim: Int, maxPeriod: Float = 10000,
                                           freqShift: Float = 0, sinFirst: Bool = false) -> Tensor {
        let n = t.count, half = dim / 2
        let y = Tensor(zeros: [n, dim])
        let logP = logf(maxPeriod)
        var freqs = [Float](repeating: 0, count: half)
        for i in 0..<half { freqs[i] = expf(-logP * Float(i) / (Float(half) - freqShift)) }
        for r in 0..<n {
            let tv = t.pointer[r], row = y.pointer + r * dim
            for i in 0..<half {
                let arg = tv * freqs[i]
                let (first, second) = sinFirst ? (sinf(arg), cosf(arg)) : (cosf(arg), sinf(arg))
                row[i] = first
                row[half + i] = second
            }
        }
        return y
    }
}
