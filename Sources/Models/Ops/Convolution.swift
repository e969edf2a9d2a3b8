import Foundation

extension Ops {
    /// Whether 3x3 stride-1 convolutions may use Winograd F(2x2, 3x3); on by default, off with
    /// `CLIPSONIC_WINOGRAD=0` (benchmarks compare both; bisecting numerical differences).
    nonisolated(unsafe) public static var allowWinograd =
        ProcessInfo.processInfo.environment["CLIPSONIC_WINOGRAD"] != "0"

    /// Whether the engine's own Winograd F(4x4, 3x3) may stand in where oneDNN has none (CPUs
    /// without AVX-512); on by default (the benchmark compares it with oneDNN's direct kernel).
    nonisolated(unsafe) public static var allowOwnWinograd = true

    /// `torch.nn.functional.conv2d`.
    /// x: [N, Cin, H, W], weight: [Cout, Cin/groups, KH, KW], bias: [Cout] -> [N, Cout, OH, OW]
    /// A network layer keeps a `Convolution` instead, so that its plan is made once.
    public static func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor?, stride: Size2 = 1,
                              padding: Size2 = 0, dilation: Size2 = 1, groups: Int = 1) -> Tensor {
        precondition(x.rank == 4 && weight.rank == 4, "conv2d: x \(x.shape), weight \(weight.shape)")
        return Convolution(conv2dWeight: weight, bias: bias, stride: stride, padding: padding,
                           dilation: dilation, groups: groups)(x)
    }

    /// `torch.nn.functional.conv1d`.
    /// x: [N, Cin, L], weight: [Cout, Cin/groups, K], bias: [Cout] -> [N, Cout, OL]
    public static func conv1d(_ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1,
                              padding: Int = 0, dilation: Int = 1, groups: Int = 1) -> Tensor {
        precondition(x.rank == 3 && weight.rank == 3, "conv1d: x \(x.shape), weight \(weight.shape)")
        return Convolution(conv1dWeight: weight, bias: bias, stride: stride, padding: padding,
                           dilation: dilation, groups: groups)(x)
    }
}

/// Convolution as GEMM over column blocks: the engine's own kernel, used where oneDNN has none.
///
/// The input of each group is zero-padded once. For stride 1 the output is computed over "wide"
/// rows (the padded width, with the last `dilation*(KW-1)` columns discarded), which makes every
/// im2col row a contiguous slice of the padded input: building the column block is a memcpy per
/// row. The column block covers a bounded number of output positions so that it stays in cache,
/// and one GEMM with K = Cin*KH*KW consumes it. Depthwise convolutions (one input and one output
/// channel per group) skip GEMM and run a direct loop over channels.
struct ConvolutionKernel {
    let x: Tensor, weight: Tensor, bias: Tensor?
    let stride: Size2, padding: Size2, dilation: Size2, groups: Int
    let n, cin, h, w, cout, kh, kw, oh, ow, hp, wp: Int

    init(x: Tensor, weight: Tensor, bias: Tensor?, stride: Size2, padding: Size2, dilation: Size2, groups: Int) {
        self.x = x; self.weight = weight; self.bias = bias
        self.stride = stride; self.padding = padding; self.dilation = dilation; self.groups = groups
        n = x.shape[0]; cin = x.shape[1]; h = x.shape[2]; w = x.shape[3]
        cout = weight.shape[0]; kh = weight.shape[2]; kw = weight.shape[3]
        precondition(groups >= 1 && cin % groups == 0 && cout % groups == 0,
                     "conv: channels \(cin)->\(cout) not divisible by groups \(groups)")
        precondition(weight.shape[1] == cin / groups,
                     "conv: weight \(weight.shape) expects \(weight.shape[1] * groups) input channels, got \(cin)")
        precondition(bias == nil || bias!.count == cout, "conv: bias does not match \(cout) channels")
        hp = h + 2 * padding.h; wp = w + 2 * padding.w
        oh = (hp - dilation.h * (kh - 1) - 1) / stride.h + 1
        ow = (wp - dilation.w * (kw - 1) - 1) / stride.w + 1
        precondition(oh > 0 && ow > 0, "conv: input \(x.shape) too small for kernel \(weight.shape)")
    }

    /// Winograd pays once there are enough channels for its GEMMs to dominate the transforms.
    var usesWinograd: Bool {
        kh == 3 && kw == 3 && stride == 1 && dilation == 1 && groups == 1 && cin >= 16 && cout >= 16
            && Ops.allowWinograd
    }

    func run() -> Tensor {
        let y: Tensor
        if usesWinograd {
            y = WinogradConvolution.run(x: x, weight: weight, padding: padding)
        } else {
            y = Tensor(zeros: [n, cout, oh, ow])
            gemm(into: y)
        }
        if let bias {
            let plane = oh * ow
            ComputeThreads.parallelFor(n * cout) { i in
                let v = bias.pointer[i % cout], p = y.pointer + i * plane
                for j in 0..<plane { p[j] += v }
            }
        }
        return y
    }

    private func gemm(into y: Tensor) {
        if groups == cin && groups == cout {
            depthwise(into: y)
        } else {
            for b in 0..<n { for g in 0..<groups { gemmGroup(batch: b, group: g, into: y) } }
        }
    }


    /// Zero-padded copy of `channels` input channels starting at `c0`, each padded plane followed
    /// by a tail of zeros so that shifted slices of the last row stay inside the buffer.
    private func padded(batch b: Int, c0: Int, channels: Int) -> (UnsafeMutablePointer<Float>, Int) {
        let tail = dilation.w * (kw - 1)
        let planeStride = hp * wp + tail
        let buf = UnsafeMutablePointer<Float>.allocate(capacity: channels * planeStride)
        buf.initialize(repeating: 0, count: channels * planeStride)
        let src = x.pointer + (b * cin + c0) * h * w
        ComputeThreads.parallelFor(channels) { c in
            for r in 0..<h {
                (buf + c * planeStride + (r + padding.h) * wp + padding.w)
                    .update(from: src + (c * h + r) * w, count: w)
            }
        }
        return (buf, planeStride)
    }

    private func gemmGroup(batch b: Int, group g: Int, into y: Tensor) {
        let cinG = cin / groups, coutG = cout / groups
        let kdim = cinG * kh * kw
        let outG = y.pointer + (b * cout + g * coutG) * oh * ow
        if kh == 1 && kw == 1 && stride == 1 && padding == 0 {
            // A pointwise convolution is already a GEMM over the input plane.
            sgemm(m: coutG, n: h * w, k: cinG, a: weight.pointer + g * coutG * cinG, lda: cinG,
                  b: x.pointer + (b * cin + g * cinG) * h * w, ldb: h * w, c: outG, ldc: h * w)
            return
        }
        let (pad, planeStride) = padded(batch: b, c0: g * cinG, channels: cinG)
        defer { pad.deallocate() }
        let wG = weight.pointer + g * coutG * kdim
        let wide = stride.h == 1 && stride.w == 1
        // Output positions: for stride 1 the wide grid oh x wp, else the exact grid oh x ow.
        let positions = wide ? oh * wp : oh * ow
        // Keep the column block near 2 MB so it stays in the last-level cache.
        let chunk = Swift.max(64, Swift.min(positions, (1 << 19) / Swift.max(kdim, 1)))
        let cols = UnsafeMutablePointer<Float>.allocate(capacity: kdim * chunk)
        defer { cols.deallocate() }
        let res = UnsafeMutablePointer<Float>.allocate(capacity: coutG * chunk)
        defer { res.deallocate() }
        var p0 = 0
        while p0 < positions {
            let nc = Swift.min(chunk, positions - p0)
            fillColumns(cols, pad: pad, planeStride: planeStride, cinG: cinG, p0: p0, count: nc, wide: wide)
            sgemm(m: coutG, n: nc, k: kdim, a: wG, lda: kdim, b: cols, ldb: nc, c: res, ldc: nc)
            scatter(res, count: nc, p0: p0, wide: wide, coutG: coutG, into: outG)
            p0 += nc
        }
    }

    private func fillColumns(_ cols: UnsafeMutablePointer<Float>, pad: UnsafeMutablePointer<Float>,
                             planeStride: Int, cinG: Int, p0: Int, count nc: Int, wide: Bool) {
        let taps = kh * kw
        ComputeThreads.parallelFor(cinG * taps, minChunk: 4) { row in
            let c = row / taps, t = row % taps, ky = t / kw, kx = t % kw
            let dst = cols + row * nc
            let plane = pad + c * planeStride
            if wide {
                dst.update(from: plane + p0 + ky * dilation.h * wp + kx * dilation.w, count: nc)
            } else {
                var p = p0
                for j in 0..<nc {
                    let oy = p / ow, ox = p % ow
                    dst[j] = plane[(oy * stride.h + ky * dilation.h) * wp + ox * stride.w + kx * dilation.w]
                    p += 1
                }
            }
        }
    }

    private func scatter(_ res: UnsafeMutablePointer<Float>, count nc: Int, p0: Int, wide: Bool,
                         coutG: Int, into out: UnsafeMutablePointer<Float>) {
        let plane = oh * ow
        if !wide {
            for co in 0..<coutG { (out + co * plane + p0).update(from: res + co * nc, count: nc) }
            return
        }
        ComputeThreads.parallelFor(coutG, minChunk: 8) { co in
            let src = res + co * nc
            var p = p0, j = 0
            while j < nc {
                let oy = p / wp, ox = p % wp
                let run = Swift.min(wp - ox, nc - j)
                if ox < ow {
                    let valid = Swift.min(run, ow - ox)
                    (out + co * plane + oy * ow + ox).update(from: src + j, count: valid)
                }
                j += run; p += run
            }
        }
    }

    private func depthwise(into y: Tensor) {
        ComputeThreads.parallelFor(n * cin) { i in
            let c = i % cin
            let src = x.pointer + i * h * w, dst = y.pointer + i * oh * ow
            let wk = weight.pointer + c * kh * kw
            for oy in 0..<oh {
                for ky in 0..<kh {
                    let iy = oy * stride.h + ky * dilation.h - padding.h
                    if iy < 0 || iy >= h { continue }
                    let srow = src + iy * w, drow = dst + oy * ow
                    for kx in 0..<kw {
                        let wv = wk[ky * kw + kx]
                        let off = kx * dilation.w - padding.w
                        // Output columns whose input column ox*stride+off lies inside the row.
                        var lo = 0
                        if off < 0 { lo = (-off + stride.w - 1) / stride.w }
                        var hi = ow
                        if (ow - 1) * stride.w + off >= w { hi = Swift.max(0, (w - 1 - off) / stride.w + 1) }
                        if lo >= hi { continue }
                        if stride.w == 1 {
                            let s = srow + off
                            for ox in lo..<hi { drow[ox] += wv * s[ox] }
                        } else {
                            for ox in lo..<hi { drow[ox] += wv * srow[ox * stride.w + off] }
                        }
                    }
                }
            }
        }
    }
}

