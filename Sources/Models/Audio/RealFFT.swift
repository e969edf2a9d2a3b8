import Foundation

/// FFT of a real signal of power-of-two length `n` through a complex FFT of length `n/2`.
///
/// The even samples go in the real part and the odd samples in the imaginary part of one
/// half-length complex signal `z`; its transform `Z` is split back into the transforms of the
/// even and odd samples (`E`, `O`) by conjugate symmetry and combined with the twiddles
/// `W^k = exp(-2 pi i k / n)`: `X[k] = E[k] + W^k O[k]` for `k = 0...n/2`. The inverse runs the
/// same steps backwards. Matches `torch.fft.rfft` / `irfft` (unnormalised forward, `1/n` inverse;
/// the imaginary parts of the DC and Nyquist bins are ignored by the inverse, as pocketfft does).
public struct RealFFT: Sendable {
    /// The real length `n`.
    public let count: Int
    /// Bins of the one-sided spectrum, `n/2 + 1`.
    public var bins: Int { count / 2 + 1 }
    private let half: ComplexFFT
    private let wRe: [Double]
    private let wIm: [Double]

    public init(count n: Int) throws {
        guard n >= 2, n & (n - 1) == 0 else {
            throw AudioError.unsupportedSize(what: "real FFT size", value: n,
                                             requirement: "a power of two of at least 2")
        }
        count = n
        half = try ComplexFFT(count: n / 2)
        let m = n / 2
        wRe = (0...m).map { cos(-2 * Double.pi * Double($0) / Double(n)) }
        wIm = (0...m).map { sin(-2 * Double.pi * Double($0) / Double(n)) }
    }

    /// Scratch buffers one transform needs; give each thread its own.
    public final class Scratch {
        let re: UnsafeMutablePointer<Double>
        let im: UnsafeMutablePointer<Double>
        public init(for fft: RealFFT) {
            re = .allocate(capacity: fft.count / 2)
            im = .allocate(capacity: fft.count / 2)
        }
        deinit { re.deallocate(); im.deallocate() }
    }

    /// One-sided spectrum of `x` (`count` samples) into `outRe`, `outIm` (`bins` values each).
    public func forward(_ x: UnsafePointer<Double>, re outRe: UnsafeMutablePointer<Double>,
                        im outIm: UnsafeMutablePointer<Double>, scratch: Scratch) {
        let m = count / 2
        let zr = scratch.re, zi = scratch.im
        for j in 0..<m { zr[j] = x[2 * j]; zi[j] = x[2 * j + 1] }
        half.forward(re: zr, im: zi)
        outRe[0] = zr[0] + zi[0]; outIm[0] = 0
        outRe[m] = zr[0] - zi[0]; outIm[m] = 0
        wRe.withUnsafeBufferPointer { wr in
            wIm.withUnsafeBufferPointer { wi in
                for k in 1..<Swift.max(m, 1) {
                    let ar = zr[k], ai = zi[k], br = zr[m - k], bi = zi[m - k]
                    // E = (Z[k] + conj Z[m-k]) / 2, O = (Z[k] - conj Z[m-k]) / 2i.
                    let er = 0.5 * (ar + br), ei = 0.5 * (ai - bi)
                    let or = 0.5 * (ai + bi), oi = -0.5 * (ar - br)
                    outRe[k] = er + wr[k] * or - wi[k] * oi
                    outIm[k] = ei + wr[k] * oi + wi[k] * or
                }
            }
        }
    }

    /// Real signal (`count` samples, into `x`) whose one-sided spectrum is `re`, `im`.
    public func inverse(re inRe: UnsafePointer<Double>, im inIm: UnsafePointer<Double>,
                        into x: UnsafeMutablePointer<Double>, scratch: Scratch) {
        let m = count / 2
        let zr = scratch.re, zi = scratch.im
        wRe.withUnsafeBufferPointer { wr in
            wIm.withUnsafeBufferPointer { wi in
                for k in 0..<m {
                    let ar = inRe[k], br = inRe[m - k]
                    // The DC and Nyquist bins of a real signal are real: drop their imaginary parts.
                    let ai = k == 0 ? 0 : inIm[k]
                    let bi = k == 0 ? 0 : inIm[m - k]
                    let er = 0.5 * (ar + br), ei = 0.5 * (ai - bi)
                    let dr = 0.5 * (ar - br), di = 0.5 * (ai + bi)
                    // O = D * conj(W^k).
                    let or = dr * wr[k] + di * wi[k], oi = di * wr[k] - dr * wi[k]
                    zr[k] = er - oi
                    zi[k] = ei + or
                }
            }
        }
        half.inverse(re: zr, im: zi)
        for j in 0..<m { x[2 * j] = zr[j]; x[2 * j + 1] = zi[j] }
    }
}
