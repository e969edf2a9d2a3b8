import Foundation
import XCTest
@testable import Models

/// The vectorised anti-aliased Snake (CKernels/snake.c) against a plain transcription of
/// `alias_free_activation.torch.act.Activation1d`: pad, `2 * conv_transpose1d(stride 2)`, crop,
/// Snake with libm's `sin`, pad, `conv1d(stride 2)`, in double.
final class AntiAliasedActivationTests: XCTestCase {
    func reference(_ x: [Float], alpha: Float, inverseBeta: Float, up: [Float], down: [Float]) -> [Float] {
        let k = 12, r = 2, length = x.count
        let pad = k / r - 1, cropLeft = pad * r + (k - r) / 2
        let cropRight = pad * r + (k - r + 1) / 2
        let padded = (0..<(length + 2 * pad)).map { Double(x[Swift.min(Swift.max($0 - pad, 0), length - 1)]) }
        // conv_transpose1d(stride 2): out[i * 2 + t] += in[i] * f[t].
        var wide = [Double](repeating: 0, count: (padded.count - 1) * r + k)
        for (i, v) in padded.enumerated() {
            for t in 0..<k { wide[i * r + t] += Double(r) * v * Double(up[t]) }
        }
        let upsampled = Array(wide[cropLeft..<(wide.count - cropRight)])
        XCTAssertEqual(upsampled.count, r * length)
        let snaked = upsampled.map { $0 + Double(inverseBeta) * pow(sin($0 * Double(alpha)), 2) }
        let m = snaked.count, left = k / 2 - 1
        let low = (0..<(m + k - 1)).map { snaked[Swift.min(Swift.max($0 - left, 0), m - 1)] }
        return (0..<length).map { j in Float((0..<k).reduce(0.0) { $0 + low[r * j + $1] * Double(down[$1]) }) }
    }

    func activation(channels: Int, alpha: [Float], beta: [Float]) throws -> AntiAliasedActivation {
        let up = KaiserSincFilter.bigvgan, down = KaiserSincFilter.bigvgan
        let source = BigVGANTensorSource { (name: String, shape: [Int]) throws(WeightsError) -> Tensor in
            if name.hasSuffix(".alpha") { return Tensor(shape: shape, scalars: alpha) }
            if name.hasSuffix(".beta") { return Tensor(shape: shape, scalars: beta) }
            return Tensor(shape: shape, scalars: name.contains("upsample") ? up : down)
        }
        return try AntiAliasedActivation(source, "a", channels: channels, kind: .snakeBeta, logScale: false)
    }

    func testMatchesTheReferenceOnEveryLengthAndArgumentRange() throws {
        // Channel 0: ordinary values. 1: a tiny alpha, so 1/beta is large and sin^2 must keep its
        // relative precision near 0. 2: arguments past the polynomial's range (libm redoes the row).
        // 3: a large alpha, many periods within the row. 4: arguments up to 6,000, reduced by the
        // kernel's own Cody-Waite steps. 5: arguments near 3e8, where a polynomial would blow up.
        // Where alpha * |u| is large, float's rounding of u moves sin^2 by up to
        // ulp(u) * alpha / beta (the scalar code did the same), and at most by 1 / beta (sin^2
        // stays in [0, 1]) times the low-pass filter's gain: the tolerance says so.
        let alpha: [Float] = [1.3, 0.004, 300, 37, 2000, 1]
        let beta: [Float] = [0.7, 0.004, 2, 37, 2000, 1]
        let scale: [Float] = [1, 1, 20, 1, 1, 1e8]
        let gain = KaiserSincFilter.bigvgan.reduce(0) { $0 + abs($1) }
        let channels = alpha.count
        let aa = try activation(channels: channels, alpha: alpha, beta: beta)
        for length in [1, 2, 3, 7, 16, 17, 257] {
            let x = (0..<(2 * channels * length)).map { i in
                // Deterministic values in [-3, 3], scattered over the range.
                Float(3 * sin(Double(i) * 12.9898 + Double(length) * 78.233)) * scale[(i / length) % channels]
            }
            let y = aa(Tensor(shape: [2, channels, length], scalars: x)).scalars
            for row in 0..<(2 * channels) {
                let c = row % channels
                // Float sums of inputs up to 3 * scale carry their rounding, whatever the output's size.
                let conditioning = Swift.min(8 * Float.ulpOfOne * 3 * scale[c] * alpha[c], gain) / beta[c]
                    + 1e-6 * 3 * scale[c]
                let expected = reference(Array(x[(row * length)..<((row + 1) * length)]), alpha: alpha[c],
                                         inverseBeta: 1 / (beta[c] + 1e-9), up: KaiserSincFilter.bigvgan,
                                         down: KaiserSincFilter.bigvgan)
                for j in 0..<length {
                    let got = y[row * length + j], want = expected[j]
                    XCTAssertEqual(got, want, accuracy: 2e-5 * Swift.max(1, abs(want)) + conditioning,
                                   "length \(length), channel \(c), sample \(j)")
                }
            }
        }
    }
}
