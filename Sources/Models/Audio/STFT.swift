/// Short-time Fourier transform with BigVGAN's framing, and its inverse.
///
/// Matches `bigvgan.meldataset.mel_spectrogram`'s framing: the signal is reflect-padded by
/// `(nFFT - hop) / 2` on both sides, then framed with `center=False` (frame `t` starts at padded
/// sample `t * hop`), windowed by a periodic Hann window of `winSize` centred in `nFFT`, and
/// transformed by a one-sided FFT. A signal of `T * hop` samples gives exactly `T` frames.
///
/// Spectra are frame-major: `[frames, bins]`, `bins = nFFT / 2 + 1`, in Double.
public struct STFT: Sendable {
    public let nFFT: Int
    public let hop: Int
    public let window: [Double]
    let fft: RealFFT

    public init(nFFT: Int, hop: Int, winSize: Int) throws {
        guard hop > 0, hop <= nFFT else {
            throw AudioError.invalidConfiguration(field: "hop_size", value: "\(hop)", requirement: "in 1...n_fft")
        }
        guard winSize > 0, winSize <= nFFT else {
            throw AudioError.invalidConfiguration(field: "win_size", value: "\(winSize)", requirement: "in 1...n_fft")
        }
        fft = try RealFFT(count: nFFT)
        self.nFFT = nFFT
        self.hop = hop
        window = HannWindow.periodic(length: winSize, paddedTo: nFFT)
    }

    public var bins: Int { nFFT / 2 + 1 }
    /// Reflect padding on each side.
    public var padding: Int { (nFFT - hop) / 2 }

    /// Frames of a signal of `samples` samples (after padding), or 0 when too short for one frame.
    public func frameCount(samples: Int) -> Int {
        let padded = samples + 2 * padding
        return padded < nFFT ? 0 : (padded - nFFT) / hop + 1
    }

    /// Checks that reflect padding and at least one frame are possible.
    public func checkLength(_ samples: Int) throws {
        let minimum = Swift.max(padding + 1, nFFT - 2 * padding, 1)
        if samples < minimum { throw AudioError.signalTooShort(samples: samples, minimum: minimum) }
    }

    /// The signal reflect-padded by `padding` on both sides (`torch.nn.functional.pad(mode="reflect")`).
    public func reflectPadded(_ x: UnsafeBufferPointer<Double>) -> [Double] {
        let n = x.count, p = padding
        return [Double](unsafeUninitializedCapacity: n + 2 * p) { out, initialized in
            for i in 0..<(n + 2 * p) {
                var j = i - p
                if j < 0 { j = -j }
                if j >= n { j = 2 * (n - 1) - j }
                out[i] = x[j]
            }
            initialized = n + 2 * p
        }
    }

    /// Forward transform of one frame starting at `start` of the padded signal.
    @inline(__always)
    func transformFrame(padded: UnsafePointer<Double>, start: Int, re: UnsafeMutablePointer<Double>,
                        im: UnsafeMutablePointer<Double>, frame: UnsafeMutablePointer<Double>,
                        scratch: RealFFT.Scratch) {
        window.withUnsafeBufferPointer { w in
            for i in 0..<nFFT { frame[i] = padded[start + i] * w[i] }
        }
        fft.forward(frame, re: re, im: im, scratch: scratch)
    }

    /// Complex spectrum of `x`: real and imaginary parts, each `[frames, bins]`.
    public func forward(_ x: UnsafeBufferPointer<Double>) throws -> (re: [Double], im: [Double], frames: Int) {
        try checkLength(x.count)
        let frames = frameCount(samples: x.count)
        let padded = reflectPadded(x)
        var re = [Double](repeating: 0, count: frames * bins)
        var im = [Double](repeating: 0, count: frames * bins)
        padded.withUnsafeBufferPointer { pb in
            re.withUnsafeMutableBufferPointer { rb in
                im.withUnsafeMutableBufferPointer { ib in
                    guard let p = pb.baseAddress, let r = rb.baseAddress, let i = ib.baseAddress else { return }
                    forEachChunk(frames) { range in
                        let scratch = RealFFT.Scratch(for: fft)
                        let frame = UnsafeMutablePointer<Double>.allocate(capacity: nFFT)
                        defer { frame.deallocate() }
                        for t in range {
                            transformFrame(padded: p, start: t * hop, re: r + t * bins, im: i + t * bins,
                                           frame: frame, scratch: scratch)
                        }
                    }
                }
            }
        }
        return (re, im, frames)
    }

    /// Inverse STFT: windowed overlap-add of the frames' inverse FFTs divided by the summed
    /// squared window (least-squares inverse, as `torch.istft`), with the padding removed.
    /// `re`, `im`: `[frames, bins]`; returns `length` samples (`frames * hop` fits exactly).
    public func inverse(re: UnsafePointer<Double>, im: UnsafePointer<Double>, frames: Int,
                        length: Int) -> [Double] {
        var out = [Double](repeating: 0, count: length)
        let frameBuffer = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(frames * nFFT, 1))
        defer { frameBuffer.deallocate() }
        inverse(re: re, im: im, frames: frames, length: length, into: &out, frameBuffer: frameBuffer)
        return out
    }

    /// `inverse` writing into `out` (`length` samples) with caller-owned frame storage
    /// (`frames * nFFT`), so iterative callers allocate nothing per call.
    func inverse(re: UnsafePointer<Double>, im: UnsafePointer<Double>, frames: Int, length: Int,
                 into out: inout [Double], frameBuffer: UnsafeMutablePointer<Double>) {
        let n = nFFT, b = bins
        window.withUnsafeBufferPointer { wb in
            guard let w = wb.baseAddress else { return }
            forEachChunk(frames) { range in
                let scratch = RealFFT.Scratch(for: fft)
                for t in range {
                    let f = frameBuffer + t * n
                    fft.inverse(re: re + t * b, im: im + t * b, into: f, scratch: scratch)
                    for i in 0..<n { f[i] *= w[i] }
                }
            }
        }
        let inv = inverseEnvelope(frames: frames, length: length)
        out.withUnsafeMutableBufferPointer { ob in
            inv.withUnsafeBufferPointer { ib in
                guard let o = ob.baseAddress, let e = ib.baseAddress else { return }
                overlapAdd(frameBuffer, frames: frames, length: length, inverseEnvelope: e, into: o)
            }
        }
    }

    /// `1 / sum_t window[s + padding - t*hop]^2` for each output sample (0 where no window
    /// reaches, as `torch.istft` would refuse), the normalisation of the least-squares inverse.
    public func inverseEnvelope(frames: Int, length: Int) -> [Double] {
        var inv = [Double](repeating: 0, count: length)
        let n = nFFT, p = padding
        for s in 0..<length {
            let ps = s + p
            let tHi = Swift.min(frames - 1, ps / hop)
            let tLo = ps >= n ? (ps - n) / hop + 1 : 0
            var env = 0.0
            if tLo <= tHi { for t in tLo...tHi { let k = ps - t * hop; env += window[k] * window[k] } }
            inv[s] = env > 1e-11 ? 1 / env : 0
        }
        return inv
    }

    /// Sums windowed frames (`[frames, nFFT]`, already multiplied by the window) into `length`
    /// output samples with the padding dropped, scaled by `inverseEnvelope`. Blocks of `hop`
    /// output samples are independent, so they are spread over threads.
    func overlapAdd(_ frameBuffer: UnsafePointer<Double>, frames: Int, length: Int,
                    inverseEnvelope inv: UnsafePointer<Double>, into o: UnsafeMutablePointer<Double>) {
        let n = nFFT, p = padding
        let blocks = (length + hop - 1) / hop
        forEachChunk(blocks) { range in
            for blk in range {
                let lo = blk * hop, hi = Swift.min(length, lo + hop)
                for s in lo..<hi {
                    let ps = s + p  // position in the padded signal
                    let tHi = Swift.min(frames - 1, ps / hop)
                    let tLo = ps >= n ? (ps - n) / hop + 1 : 0
                    var acc = 0.0
                    if tLo <= tHi { for t in tLo...tHi { acc += frameBuffer[t * n + ps - t * hop] } }
                    o[s] = acc * inv[s]
                }
            }
        }
    }

    /// Runs `body` on contiguous ranges of `0..<n` spread over `ComputeThreads`; each range
    /// is large enough that per-range scratch allocation does not matter.
    func forEachChunk(_ n: Int, _ body: (Range<Int>) -> Void) {
        let chunks = Swift.min(n, ComputeThreads.count * 4)
        if chunks <= 1 { if n > 0 { body(0..<n) }; return }
        ComputeThreads.parallelFor(chunks) { c in
            body((n * c / chunks)..<(n * (c + 1) / chunks))
        }
    }
}
