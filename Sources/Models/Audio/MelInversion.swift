import COpenBLAS
import Foundation

/// Recovers a linear magnitude spectrogram from mel magnitudes: the non-negative least-squares
/// solution of `weights @ s = mel` for each frame, as `librosa.feature.inverse.mel_to_stft(power=1)`
/// computes it (librosa minimises the same objective with L-BFGS-B).
///
/// Solved for all frames at once by accelerated projected gradient (FISTA, Beck & Teboulle 2009):
/// `x <- max(0, y - grad / L)` with Nesterov momentum, `L` the largest eigenvalue of
/// `weights @ weights^T`. It starts from the pseudo-inverse solution clamped at zero, which is
/// already close (the filters overlap only with their neighbours), so a few dozen iterations
/// settle it; `iterations: 0` returns that clamped pseudo-inverse alone.
public struct MelInversion: Sendable {
    public let filterbank: MelFilterbank
    /// Iterations of projected gradient after the clamped pseudo-inverse.
    public var iterations: Int

    /// `(M M^T + ridge I)^-1 M`, `[numMels, bins]`: maps mel rows to least-norm linear rows.
    private let pseudoInverse: [Double]
    /// Step size `1 / L`.
    private let step: Double
    /// Each mel filter's nonzero bins, `bandStart[r]..<bandEnd[r]`: a triangle over a few bins of
    /// hundreds, so the iterations multiply by the bands alone (dense double GEMMs were most of a
    /// models/mini take's vocoding, and OpenBLAS can fall back to its oldest kernels on CPUs it
    /// does not know).
    private let bandStart: [Int], bandEnd: [Int]

    public init(filterbank: MelFilterbank, iterations: Int = 60) {
        self.filterbank = filterbank
        self.iterations = iterations
        let m = filterbank.numMels, b = filterbank.bins
        var gram = [Double](repeating: 0, count: m * m)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(m), Int32(b), 1,
                    filterbank.weights, Int32(b), filterbank.weights, Int32(b), 0, &gram, Int32(m))
        let lambda = Self.largestEigenvalue(gram, size: m)
        step = 1 / (lambda * 1.01 + 1e-300)
        // A small ridge keeps the solve defined when a filter is empty (too many mels for n_fft).
        var regularised = gram
        for i in 0..<m { regularised[i * m + i] += 1e-9 * lambda }
        var pinv = filterbank.weights
        Self.choleskySolve(&regularised, size: m, rightHandSides: &pinv, columns: b)
        pseudoInverse = pinv
        var starts = [Int](repeating: 0, count: m), ends = [Int](repeating: 0, count: m)
        for r in 0..<m {
            let row = filterbank.weights[(r * b)..<((r + 1) * b)]
            if let first = row.firstIndex(where: { $0 != 0 }), let last = row.lastIndex(where: { $0 != 0 }) {
                starts[r] = first - r * b
                ends[r] = last - r * b + 1
            }
        }
        bandStart = starts
        bandEnd = ends
    }

    /// residual = x Mᵀ - mel over the filters' bands: x `[frames, bins]`, mel `[frames, mels]`.
    private func bandResidual(of x: [Double], mel: [Double], frames: Int, into residual: inout [Double]) {
        let m = filterbank.numMels, b = filterbank.bins
        filterbank.weights.withUnsafeBufferPointer { w in
            x.withUnsafeBufferPointer { xs in
                for f in 0..<frames {
                    for r in 0..<m {
                        var acc = 0.0
                        for j in bandStart[r]..<bandEnd[r] { acc += xs[f * b + j] * w[r * b + j] }
                        residual[f * m + r] = acc - mel[f * m + r]
                    }
                }
            }
        }
    }

    /// gradient = residual M over the filters' bands: residual `[frames, mels]` -> `[frames, bins]`.
    private func spread(_ residual: [Double], frames: Int, into gradient: inout [Double]) {
        let m = filterbank.numMels, b = filterbank.bins
        gradient.withUnsafeMutableBufferPointer { g in
            g.update(repeating: 0)
            filterbank.weights.withUnsafeBufferPointer { w in
                for f in 0..<frames {
                    for r in 0..<m {
                        let v = residual[f * m + r]
                        for j in bandStart[r]..<bandEnd[r] { g[f * b + j] += v * w[r * b + j] }
                    }
                }
            }
        }
    }

    /// Magnitudes `[frames, bins]` whose mel projection best matches `mel` (`[frames, numMels]`).
    public func magnitudes(mel: [Double], frames: Int) -> [Double] {
        let m = filterbank.numMels, b = filterbank.bins
        precondition(mel.count == frames * m, "mel has \(mel.count) values, expected \(frames) x \(m)")
        if frames == 0 { return [] }
        var x = [Double](repeating: 0, count: frames * b)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(frames), Int32(b), Int32(m), 1,
                    mel, Int32(m), pseudoInverse, Int32(b), 0, &x, Int32(b))
        for i in 0..<x.count where x[i] < 0 { x[i] = 0 }
        if iterations == 0 { return x }

        var y = x, previous = x
        var residual = [Double](repeating: 0, count: frames * m)
        var gradient = [Double](repeating: 0, count: frames * b)
        var t = 1.0
        for _ in 0..<iterations {
            // residual = y M^T - mel; gradient = residual M.
            bandResidual(of: y, mel: mel, frames: frames, into: &residual)
            spread(residual, frames: frames, into: &gradient)
            let tNext = (1 + (1 + 4 * t * t).squareRoot()) / 2
            let beta = (t - 1) / tNext
            for i in 0..<x.count {
                let v = Swift.max(0, y[i] - step * gradient[i])
                y[i] = v + beta * (v - previous[i])
                previous[i] = v
            }
            t = tNext
        }
        x = previous
        return x
    }

    /// Relative residual `|x M^T - mel| / |mel|` of a solution, for reports and tests.
    public func relativeResidual(magnitudes x: [Double], mel: [Double], frames: Int) -> Double {
        let m = filterbank.numMels, b = filterbank.bins
        var r = mel
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(frames), Int32(m), Int32(b), 1,
                    x, Int32(b), filterbank.weights, Int32(b), -1, &r, Int32(m))
        let num = r.reduce(0) { $0 + $1 * $1 }, den = mel.reduce(0) { $0 + $1 * $1 }
        return (num / Swift.max(den, 1e-300)).squareRoot()
    }

    /// Power iteration on a symmetric positive semi-definite matrix.
    static func largestEigenvalue(_ a: [Double], size n: Int) -> Double {
        var v = [Double](repeating: 1 / Double(n).squareRoot(), count: n)
        var w = [Double](repeating: 0, count: n)
        var lambda = 0.0
        for _ in 0..<100 {
            cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(n), 1, a, Int32(n), v, 1, 0, &w, 1)
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm == 0 { return 0 }
            lambda = norm
            for i in 0..<n { v[i] = w[i] / norm }
        }
        return lambda
    }

    /// Solves `a X = rhs` in place for symmetric positive definite `a` (`size x size`),
    /// `rhs` row-major `[size, columns]`; `a` is overwritten by its Cholesky factor.
    static func choleskySolve(_ a: inout [Double], size n: Int, rightHandSides rhs: inout [Double], columns: Int) {
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= a[j * n + k] * a[j * n + k] }
            let l = d > 0 ? d.squareRoot() : 1e-150
            a[j * n + j] = l
            for i in (j + 1)..<Swift.max(n, j + 1) {
                var s = a[i * n + j]
                for k in 0..<j { s -= a[i * n + k] * a[j * n + k] }
                a[i * n + j] = s / l
            }
        }
        for c in 0..<columns {
            // Forward: L z = rhs; backward: L^T x = z.
            for i in 0..<n {
                var s = rhs[i * columns + c]
                for k in 0..<i { s -= a[i * n + k] * rhs[k * columns + c] }
                rhs[i * columns + c] = s / a[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = rhs[i * columns + c]
                for k in (i + 1)..<n { s -= a[k * n + i] * rhs[k * columns + c] }
                rhs[i * columns + c] = s / a[i * n + i]
            }
        }
    }
}
