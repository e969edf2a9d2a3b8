import Models

/// Makes a sample that wraps around in time: before each network call the sample is rolled
/// along its last axis by a different offset and the output rolled back, so every frame is
/// denoised next to both of its circular neighbours in turn and the end comes to continue into
/// the start (the rolling trick for seamless tiles, applied to time). The U-Net's weights and
/// padding are untouched.
final class RollingDenoiser<Base: Denoiser>: Denoiser {
    let base: Base
    private var call = 0

    init(_ base: Base) { self.base = base }

    /// Offsets in eighths of the length, visiting all eight in a scattered order.
    static func shift(call: Int, length: Int) -> Int { (call * 5 % 8) * length / 8 }

    func predict(_ x: Tensor, timeSteps: Tensor, embedding: Tensor) -> Tensor {
        let length = x.dim(-1)
        let shift = Self.shift(call: call, length: length)
        call += 1
        guard shift != 0 else { return base.predict(x, timeSteps: timeSteps, embedding: embedding) }
        let out = base.predict(Self.roll(x, by: shift), timeSteps: timeSteps, embedding: embedding)
        return Self.roll(out, by: length - shift)
    }

    /// `x` rotated right by `shift` along its last axis: y[..., (j + shift) % L] = x[..., j].
    static func roll(_ x: Tensor, by shift: Int) -> Tensor {
        let length = x.dim(-1), rows = x.count / length
        let s = ((shift % length) + length) % length
        let y = Tensor(zeros: x.shape)
        for r in 0..<rows {
            let src = x.pointer + r * length, dst = y.pointer + r * length
            (dst + s).update(from: src, count: length - s)
            dst.update(from: src + length - s, count: s)
        }
        return y
    }
}
