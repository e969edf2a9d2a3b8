import CKernels

/// The engine's direct 1-D convolution for layers of few channels (`csk_conv1d_narrow`):
/// BigVGAN's last stages run 24 and 48 channels over tens of thousands of samples, where
/// oneDNN's blocked kernels pad to 16-channel blocks and reached 9-26 GFLOP/s (2 threads). This
/// kernel ran them at 96-148 GFLOP/s on one thread, and 192 channels at 136; from 384 channels
/// (weights past the cache) oneDNN is faster (bench/README.md, "A cold full-size take, and
/// BigVGAN's last stages").
struct NarrowConvolution1D {
    /// Input and output channel counts up to which the direct kernel runs.
    static let maxChannels = 192

    static func applies(weight: Tensor, geometry g: ConvolutionGeometry, input: [Int]) -> Bool {
        g.kind == .forward && input.count == 3 && weight.rank == 3 && g.groups == 1 && g.stride == [1]
            && weight.shape[0] <= maxChannels && weight.shape[1] <= maxChannels
            && 2 * g.padding[0] == g.dilation[0] * (weight.shape[2] - 1)  // "same" length, as BigVGAN's
    }

    /// Weights [Cout, Cin, K] in the kernel's order: 4 output channels a group, taps innermost.
    let packed: [Float]
    let cout: Int, cin: Int, k: Int

    init(weight: Tensor) {
        cout = weight.shape[0]; cin = weight.shape[1]; k = weight.shape[2]
        let cout = cout, cin = cin, k = k
        packed = [Float](unsafeUninitializedCapacity: (cout + 3) / 4 * 4 * cin * k) { buffer, count in
            if let base = buffer.baseAddress { csk_conv1d_narrow_pack(weight.pointer, cout, cin, k, base) }
            count = buffer.count
        }
    }

    /// x: [N, Cin, L] -> [N, Cout, L], the time axis cut into spans that each thread runs whole.
    func callAsFunction(_ x: Tensor, bias: Tensor?, dilation: Int, padding: Int) -> Tensor {
        let n = x.shape[0], length = x.shape[2]
        let y = Tensor(uninitialized: [n, cout, length])
        // A span's padded input (Cin rows) stays within about 192 KB.
        let span = Swift.max(256, Swift.min(4096, 49_152 / cin / 64 * 64))
        let spans = (length + span - 1) / span
        let scratchCount = csk_conv1d_narrow_scratch(cin, k, dilation, span)
        let (cin, cout, k) = (self.cin, self.cout, self.k)
        packed.withUnsafeBufferPointer { pb in
            guard let p = pb.baseAddress else { return }
            ComputeThreads.parallelFor(n * spans) { item in
                let b = item / spans, s = item % spans
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount)
                defer { scratch.deallocate() }
                csk_conv1d_narrow(x.pointer + b * cin * length, cin, length, p, cout, k, dilation, padding,
                                  bias?.pointer, y.pointer + b * cout * length, s * span,
                                  Swift.min(length, (s + 1) * span), scratch)
            }
        }
        return y
    }
}
