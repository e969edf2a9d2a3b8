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
    static let kernelSize = 12

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
        let channels = x.dim(1), length = x.dim(2)
        let y = Tensor(zeros: x.shape)
        let r = Self.ratio, k = Self.kernelSize
        let upPad = k / r - 1
        let upCropLeft = upPad * r + (k - r) / 2
        let downLeft = k / 2 - 1, downRight = k / 2
        let m = r * length  // upsampled length
        // Polyphase form of the upsampler: output 2q + phase sums padded[q + start + t] * tap[t]
        // for t < K/2, taps f[phase + cropLeft - 2 (start + t)] times the gain 2.
        let start0 = (upCropLeft - k) / r + 1, start1 = (upCropLeft + 1 - k) / r + 1
        func taps(_ phase: Int, _ start: Int) -> [Float] {
            (0..<(k / r)).map { Float(r) * upFilter[phase + upCropLeft - r * (start + $0)] }
        }
        let e = taps(0, start0), o = taps(1, start1), g = downFilter
        let rows = x.dim(0) * channels
        let chunks = Swift.min(rows, ComputeThreads.count * 4)
        let xp = x.pointer, yp = y.pointer
        snake.alpha.withUnsafeBufferPointer { ab in
        snake.inverseBeta.withUnsafeBufferPointer { bb in
            guard let alpha = ab.baseAddress, let invBeta = bb.baseAddress else { return }
            ComputeThreads.parallelFor(chunks) { chunk in
                // Per chunk: the replicate-padded input and the padded doubled-rate signal.
                let padded = UnsafeMutablePointer<Float>.allocate(capacity: length + 2 * upPad)
                let wide = UnsafeMutablePointer<Float>.allocate(capacity: m + downLeft + downRight)
                defer { padded.deallocate(); wide.deallocate() }
                for row in (rows * chunk / chunks)..<(rows * (chunk + 1) / chunks) {
                    let src = xp + row * length, dst = yp + row * length
                    let c = row % channels
                    for i in 0..<upPad { padded[i] = src[0]; padded[upPad + length + i] = src[length - 1] }
                    (padded + upPad).update(from: src, count: length)
                    let u = wide + downLeft
                    let a = alpha[c], ib = invBeta[c]
                    for q in 0..<length {
                        let pe = padded + q + start0, po = padded + q + start1
                        let ve = pe[0] * e[0] + pe[1] * e[1] + pe[2] * e[2] + pe[3] * e[3] + pe[4] * e[4] + pe[5] * e[5]
                        let vo = po[0] * o[0] + po[1] * o[1] + po[2] * o[2] + po[3] * o[3] + po[4] * o[4] + po[5] * o[5]
                        let se = sinf(ve * a), so = sinf(vo * a)
                        u[2 * q] = ve + ib * se * se
                        u[2 * q + 1] = vo + ib * so * so
                    }
                    for i in 0..<downLeft { wide[i] = u[0] }
                    for i in 0..<downRight { u[m + i] = u[m - 1] }
                    for j in 0..<length {
                        let w = wide + r * j
                        var acc = w[0] * g[0] + w[1] * g[1] + w[2] * g[2] + w[3] * g[3]
                        acc += w[4] * g[4] + w[5] * g[5] + w[6] * g[6] + w[7] * g[7]
                        acc += w[8] * g[8] + w[9] * g[9] + w[10] * g[10] + w[11] * g[11]
                        dst[j] = acc
                    }
                }
            }
        }}
        return y
    }
}
