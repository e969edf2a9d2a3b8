import Foundation

/// The Kaiser-windowed sinc low-pass filter of BigVGAN's anti-aliasing
/// (`alias_free_activation.torch.filter.kaiser_sinc_filter1d`), normalised to unit sum.
///
/// Loading reads the filters from the checkpoint's `filter` buffers; this is used to make
/// random-weight models (benchmarks) and to check that a checkpoint's filters are the usual ones.
public enum KaiserSincFilter {
    /// `kaiser_sinc_filter1d(cutoff, half_width, kernel_size)` as a flat `[kernelSize]` array.
    public static func make(cutoff: Double, halfWidth: Double, kernelSize: Int) -> [Float] {
        let even = kernelSize % 2 == 0
        let half = kernelSize / 2
        let deltaF = 4 * halfWidth
        let a = 2.285 * Double(half - 1) * Double.pi * deltaF + 7.95
        let beta: Double
        if a > 50 { beta = 0.1102 * (a - 8.7) } else if a >= 21 {
            beta = 0.5842 * pow(a - 21, 0.4) + 0.07886 * (a - 21)
        } else { beta = 0 }
        // torch.kaiser_window(kernelSize, beta, periodic=False)
        let denominator = besselI0(beta)
        var filter = [Double](repeating: 0, count: kernelSize)
        for n in 0..<kernelSize {
            let ratio = kernelSize > 1 ? 2 * Double(n) / Double(kernelSize - 1) - 1 : 0
            let window = besselI0(beta * (1 - ratio * ratio).squareRoot()) / denominator
            let time = even ? Double(n - half) + 0.5 : Double(n - half)
            let x = 2 * cutoff * time
            let sinc = x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
            filter[n] = cutoff == 0 ? 0 : 2 * cutoff * window * sinc
        }
        let sum = filter.reduce(0, +)
        return filter.map { Float(sum == 0 ? 0 : $0 / sum) }
    }

    /// The filter of BigVGAN's `UpSample1d(2, 12)` and `DownSample1d(2, 12)`.
    public static let bigvgan: [Float] = make(cutoff: 0.25, halfWidth: 0.3, kernelSize: 12)

    /// Modified Bessel function of the first kind, order 0, by its power series.
    static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0
        let q = x * x / 4
        for k in 1..<60 {
            term *= q / Double(k * k)
            sum += term
            if term < sum * 1e-17 { break }
        }
        return sum
    }
}
