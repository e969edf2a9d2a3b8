import Foundation

/// Band-limited resampling between any two rates: each output sample is the input convolved
/// with a Kaiser-windowed sinc centred on its position, with the cut-off at the lower Nyquist
/// frequency, so downsampling does not alias. Used to bring a user's sound to a bundle's rate.
public struct SincResampler: Sendable {
    public let inputRate: Int
    public let outputRate: Int
    /// Zero crossings of the sinc on each side (at the lower rate).
    public let zeroCrossings: Int
    let beta: Double

    public init(from inputRate: Int, to outputRate: Int, zeroCrossings: Int = 24, beta: Double = 8.6) {
        self.inputRate = inputRate; self.outputRate = outputRate
        self.zeroCrossings = zeroCrossings; self.beta = beta
    }

    /// Kernel samples per input sample: the kernel is tabulated once and read with linear
    /// interpolation, which keeps a minute of 44.1 kHz audio well under a second.
    static let phases = 256

    public func callAsFunction(_ x: [Float]) -> [Float] {
        guard inputRate != outputRate, !x.isEmpty else { return x }
        let ratio = Double(outputRate) / Double(inputRate)
        let cutoff = min(1, ratio)  // in units of the input's Nyquist frequency
        let count = Int((Double(x.count) * ratio).rounded())
        let halfWidth = Double(zeroCrossings) / cutoff  // in input samples
        let table = kernelTable(halfWidth: halfWidth, cutoff: cutoff)
        let scale = Double(Self.phases)
        var y = [Float](repeating: 0, count: count)
        for n in 0..<count {
            let centre = Double(n) / ratio
            let lo = max(0, Int((centre - halfWidth).rounded(.up)))
            let hi = min(x.count - 1, Int((centre + halfWidth).rounded(.down)))
            guard lo <= hi else { continue }
            var sum = 0.0
            for k in lo...hi {
                let position = abs(Double(k) - centre) * scale
                let i = Int(position)
                guard i + 1 < table.count else { continue }
                let f = position - Double(i)
                sum += Double(x[k]) * (table[i] + (table[i + 1] - table[i]) * f)
            }
            y[n] = Float(sum)
        }
        return y
    }

    /// h(d) for d = 0, 1/phases, ... halfWidth input samples.
    private func kernelTable(halfWidth: Double, cutoff: Double) -> [Double] {
        let i0Beta = Self.besselI0(beta)
        let size = Int(halfWidth * Double(Self.phases)) + 2
        return (0..<size).map { j in
            let d = Double(j) / Double(Self.phases)
            guard d < halfWidth else { return 0 }
            let u = d / halfWidth
            let window = Self.besselI0(beta * (1 - u * u).squareRoot()) / i0Beta
            let arg = Double.pi * d * cutoff
            let sinc = arg < 1e-12 ? 1 : sin(arg) / arg
            return cutoff * sinc * window
        }
    }

    /// The zeroth-order modified Bessel function of the first kind, by its power series.
    static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0, k = 1.0
        let q = x * x / 4
        while term > 1e-12 * sum {
            term *= q / (k * k)
            sum += term
            k += 1
        }
        return sum
    }
}
