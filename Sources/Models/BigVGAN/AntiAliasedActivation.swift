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
        let r = Self.ratio, k = upFilter.count, kd = downFilter.count
        let upPad = k / r - 1
        let upCropLeft = upPad * r + (k - r) / 2
        let downLeft = kd / 2 - (kd % 2 == 0 ? 1 : 0), downRight = kd / 2
        let m = r * length  // upsampled length
        let rows = x.dim(0) * channels
        let chunks = Swift.min(rows, ComputeThreads.count * 4)
        let xp = x.pointer, yp = y.pointer
        upFilter.withUnsafeBufferPointer { fb in
        downFilter.withUnsafeBufferPointer { gb in
        snake.alpha.withUnsafeBufferPointer { ab in
        snake.inverseBeta.withUnsafeBufferPointer { bb in
            guard let f = fb.baseAddress, let g = gb.baseAddress, let alpha = ab.baseAddress,
                  let invBeta = bb.baseAddress else { return }
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
                    // u[j] = r * sum_i padded[i] * f[j + cropLeft - r*i], over taps inside the filter.
                    let u = wide + downLeft
                    let a = alpha[c], ib = invBeta[c], gain = Float(r)
                    for j in 0..<m {
                        let base = j + upCropLeft
                        let iHi = base / r
                        let iLo = base >= k ? (base - k) / r + 1 : 0
                        var acc: Float = 0
                        var i = iLo
                        while i <= iHi { acc += padded[i] * f[base - r * i]; i += 1 }
                        let v = gain * acc
                        let s = sinf(v * a)
                        u[j] = v + ib * s * s
                    }
                    for i in 0..<downLeft { wide[i] = u[0] }
                    for i in 0..<downRight { u[m + i] = u[m - 1] }
                    for o in 0..<length {
                        let w = wide + r * o
                        var acc: Float = 0
                        for t in 0..<kd { acc += g[t] * w[t] }
                        dst[o] = acc
                    }
                }
            }
        }}}}
        return y
    }
}
