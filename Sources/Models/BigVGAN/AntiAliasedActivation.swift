import CKernels
import Foundation

/// BigVGAN's anti-aliased activation (`alias_free_activation.torch.act.Activation1d`): upsample
/// by 2 with a Kaiser-windowed sinc filter, apply Snake/SnakeBeta, low-pass and downsample by 2.
///
/// Matches the reference step by step, fused per channel so that the doubled-rate signal never
/// leaves cache:
/// - `UpSample1d(2, 12)`: replicate-pad by `K/2 - 1`, `2 * conv_transpose1d(stride 2)` with the
///   `upsample.filter` buffer, crop `pad*2 + (K-2)/2` on the left (and the rest on the right).
/// - the activation.
/// - `DownSample1d(2, 12)` = `LowPassFilter1d`: replicate-pad `K/2 - 1` left and `K/2` right
///   (even K), `conv1d(stride 2)` with the `downsample.lowpass.filter` buffer.
/// The filters are read from the checkpoint (`filter` buffers), not rebuilt.
struct AntiAliasedActivation {
    static let ratio = 2
    /// The kernels' tap count (`CSK_SNAKE_TAPS`), as in every BigVGAN checkpoint.
    static let kernelSize = Int(CSK_SNAKE_TAPS)

    let snake: BigVGANSnake
    /// [K] upsampling filter.
    let upFilter: [Float]
    /// [K] low-pass filter of the downsampler.
    let downFilter: [Float]

    init(_ source: BigVGANTensorSource, _ name: String, channels: Int,
         kind: BigVGANConfiguration.Activation, logScale: Bool) throws(WeightsError) {
        snake = try BigVGANSnake(source, "\(name).act", channels: channels, kind: kind, logScale: logScale)
        let k = Self.kernelSize
        upFilter = try source("\(name).upsample.filter", [1, 1, k]).scalars
        downFilter = try source("\(name).downsample.lowpass.filter", [1, 1, k]).scalars
    }

    /// x: [N, C, L] -> [N, C, L]
    func callAsFunction(_ x: Tensor) -> Tensor {
        OpProfile.measure("anti-aliased snake \(x.dim(1))x\(x.dim(2))") { run(x) }
    }

    private func run(_ x: Tensor) -> Tensor {
        let channels = x.dim(1), length = x.dim(2)
        let y = Tensor(zeros: x.shape)
        let r = Self.ratio, k = Self.kernelSize
        let upPad = k / r - 1
        let upCropLeft = upPad * r + (k - r) / 2
        // Polyphase form of the upsampler: output 2q + phase sums padded[q + start + t] * tap[t]
        // for t < K/2, taps f[phase + cropLeft - 2 (start + t)] times the gain 2.
        let start0 = (upCropLeft - k) / r + 1, start1 = (upCropLeft + 1 - k) / r + 1
        func taps(_ phase: Int, _ start: Int) -> [Float] {
            (0..<(k / r)).map { Float(r) * upFilter[phase + upCropLeft - r * (start + $0)] }
        }
        let even = taps(0, start0), odd = taps(1, start1)
        let rows = x.dim(0) * channels
        let chunks = Swift.min(rows, ComputeThreads.count * 4)
        let xp = x.pointer, yp = y.pointer
        even.withUnsafeBufferPointer { eb in
        odd.withUnsafeBufferPointer { ob in
        downFilter.withUnsafeBufferPointer { db in
        snake.alpha.withUnsafeBufferPointer { ab in
        snake.inverseBeta.withUnsafeBufferPointer { bb in
            guard let e = eb.baseAddress, let o = ob.baseAddress, let g = db.baseAddress,
                  let alpha = ab.baseAddress, let invBeta = bb.baseAddress else { return }
            ComputeThreads.parallelFor(chunks) { chunk in
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 3 * length + 20)
                defer { scratch.deallocate() }
                for row in (rows * chunk / chunks)..<(rows * (chunk + 1) / chunks) {
                    let c = row % channels
                    csk_snake_antialiased_row(xp + row * length, yp + row * length, length, e, o,
                                              start0, start1, g, alpha[c], invBeta[c], scratch)
                }
            }
        }}}}}
        return y
    }
}
