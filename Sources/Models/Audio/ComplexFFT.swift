import Foundation

/// In-place complex discrete Fourier transform of a power-of-two size, on split real and
/// imaginary arrays, in Double.
///
/// Iterative decimation in time: one bit-reversal permutation (a precomputed swap list), then a
/// fused radix-4 pass for the first two stages (their twiddles are 1 and -i, so they need no
/// multiplications) and radix-2 passes with per-stage twiddle tables laid out contiguously so
/// the inner loop streams through them. Double rather than Float because the log-mel parity
/// target (1e-4 in log magnitude) is finer than what a Float32 FFT keeps in the quiet bins of a
/// pure tone; PyTorch's own Float32 run of BigVGAN's mel_spectrogram is off by 3.3e-3 there.
///
/// Unnormalised forward transform: `X[k] = sum_j x[j] exp(-2 pi i j k / n)`.
/// The value is immutable after `init` and safe to share between threads.
public struct ComplexFFT: Sendable {
    public let count: Int
    /// Pairs (i, j), i < j, swapped by the bit-reversal permutation.
    private let swaps: [Int32]
    /// Twiddles of the stage whose butterflies span `h` (half the block size) live at `h..<2h`:
    /// `tw[h + k] = exp(-2 pi i k / (2h))`.
    private let twiddleRe: [Double]
    private let twiddleIm: [Double]

    public init(count n: Int) throws {
        guard n >= 1, n & (n - 1) == 0 else {
            throw AudioError.unsupportedSize(what: "FFT size", value: n, requirement: "a power of two")
        }
        count = n
        var bits = 0
        while (1 << bits) < n { bits += 1 }
        var swaps: [Int32] = []
        for i in 0..<n {
            var r = 0, v = i
            for _ in 0..<bits { r = (r << 1) | (v & 1); v >>= 1 }
            if i < r { swaps.append(Int32(i)); swaps.append(Int32(r)) }
        }
        self.swaps = swaps
        var re = [Double](repeating: 0, count: Swift.max(n, 1))
        var im = [Double](repeating: 0, count: Swift.max(n, 1))
        var h = 1
        while h < n {
            for k in 0..<h {
                let angle = -Double.pi * Double(k) / Double(h)
                re[h + k] = cos(angle)
                im[h + k] = sin(angle)
            }
            h *= 2
        }
        twiddleRe = re
        twiddleIm = im
    }

    /// Forward transform of `count` complex values in place.
    public func forward(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>) {
        let n = count
        if n <= 1 { return }
        swaps.withUnsafeBufferPointer { s in
            var p = 0
            while p < s.count {
                let i = Int(s[p]), j = Int(s[p + 1])
                let tr = re[i]; re[i] = re[j]; re[j] = tr
                let ti = im[i]; im[i] = im[j]; im[j] = ti
                p += 2
            }
        }
        if n == 2 {
            let ar = re[0], ai = im[0]
            re[0] = ar + re[1]; im[0] = ai + im[1]
            re[1] = ar - re[1]; im[1] = ai - im[1]
            return
        }
        // Stages of span 1 and 2 fused: a radix-4 butterfly on each block of four.
        var b = 0
        while b < n {
            let r0 = re[b] + re[b + 1], i0 = im[b] + im[b + 1]
            let r1 = re[b] - re[b + 1], i1 = im[b] - im[b + 1]
            let r2 = re[b + 2] + re[b + 3], i2 = im[b + 2] + im[b + 3]
            let r3 = re[b + 2] - re[b + 3], i3 = im[b + 2] - im[b + 3]
            re[b] = r0 + r2; im[b] = i0 + i2
            re[b + 2] = r0 - r2; im[b + 2] = i0 - i2
            // Twiddle -i on the odd half: (-i)(r3 + i i3) = i3 - i r3.
            re[b + 1] = r1 + i3; im[b + 1] = i1 - r3
            re[b + 3] = r1 - i3; im[b + 3] = i1 + r3
            b += 4
        }
        twiddleRe.withUnsafeBufferPointer { twr in
            twiddleIm.withUnsafeBufferPointer { twi in
                guard let twRe = twr.baseAddress, let twIm = twi.baseAddress else { return }
                var h = 4
                while h < n {
                    let wr = twRe + h, wi = twIm + h
                    var start = 0
                    while start < n {
                        let ar = re + start, ai = im + start
                        let br = ar + h, bi = ai + h
                        for k in 0..<h {
                            let xr = br[k] * wr[k] - bi[k] * wi[k]
                            let xi = br[k] * wi[k] + bi[k] * wr[k]
                            br[k] = ar[k] - xr; bi[k] = ai[k] - xi
                            ar[k] += xr; ai[k] += xi
                        }
                        start += 2 * h
                    }
                    h *= 2
                }
            }
        }
    }

    /// Inverse transform in place, normalised by `1/count` so that it undoes `forward`.
    public func inverse(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>) {
        // IDFT(z) = conj(DFT(conj(z))) / n.
        for i in 0..<count { im[i] = -im[i] }
        forward(re: re, im: im)
        let s = 1 / Double(count)
        for i in 0..<count { re[i] *= s; im[i] = -im[i] * s }
    }
}
