extension Ops {
    /// `torch.nn.functional.conv_transpose1d`.
    /// x: [N, Cin, L], weight: [Cin, Cout/groups, K], bias: [Cout] -> [N, Cout, Lout] with
    /// Lout = (L-1)*stride - 2*padding + dilation*(K-1) + outputPadding + 1.
    public static func convTranspose1d(_ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1,
                                       padding: Int = 0, outputPadding: Int = 0, dilation: Int = 1,
                                       groups: Int = 1) -> Tensor {
        precondition(x.rank == 3 && weight.rank == 3, "convTranspose1d: x \(x.shape), weight \(weight.shape)")
        return Convolution(convTranspose1dWeight: weight, bias: bias, stride: stride, padding: padding,
                           outputPadding: outputPadding, dilation: dilation, groups: groups)(x)
    }

    /// `torch.nn.functional.pad` on the last axis, with modes "constant" (zeros), "reflect" and
    /// "replicate". Reflect padding needs `left, right < length`, as in PyTorch.
    public static func pad1d(_ x: Tensor, left: Int, right: Int, mode: PadMode = .zeros) -> Tensor {
        let l = x.shape[x.rank - 1], rows = x.count / Swift.max(l, 1)
        precondition(left >= 0 && right >= 0, "pad1d: negative padding")
        if mode == .reflect { precondition(left < l && right < l, "pad1d: reflect padding \(left),\(right) needs length > padding, got \(l)") }
        if mode == .replicate { precondition(l > 0, "pad1d: replicate padding of an empty axis") }
        let lo = l + left + right
        let y = Tensor(zeros: Array(x.shape.dropLast()) + [lo])
        ComputeThreads.parallelFor(rows, minChunk: 16) { r in
            let s = x.pointer + r * l, d = y.pointer + r * lo
            (d + left).update(from: s, count: l)
            switch mode {
            case .zeros: break
            case .reflect:
                for i in 0..<left { d[i] = s[left - i] }
                for i in 0..<right { d[left + l + i] = s[l - 2 - i] }
            case .replicate:
                for i in 0..<left { d[i] = s[0] }
                for i in 0..<right { d[left + l + i] = s[l - 1] }
            }
        }
        return y
    }
}

/// Transposed 1-D convolution as GEMM + col2im: the engine's own kernel, used where oneDNN has none.
struct TransposedConvolutionKernel {
    let x: Tensor, weight: Tensor, bias: Tensor?
    let stride: Int, padding: Int, outputPadding: Int, dilation: Int, groups: Int

    func run() -> Tensor {
        let n = x.shape[0], cin = x.shape[1], l = x.shape[2]
        let coutG = weight.shape[1], k = weight.shape[2]
        precondition(weight.shape[0] == cin && cin % groups == 0,
                     "convTranspose1d: weight \(weight.shape) does not fit \(cin) input channels, \(groups) groups")
        let cinG = cin / groups, cout = coutG * groups
        let lout = (l - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1
        precondition(lout > 0, "convTranspose1d: output length \(lout) for input \(x.shape)")
        let y = Tensor(zeros: [n, cout, lout])
        // cols[co*K + k, i] = sum_ci W[ci, co, k] * x[ci, i]; then each column scatters into the
        // output at i*stride + k*dilation - padding (col2im).
        let cols = UnsafeMutablePointer<Float>.allocate(capacity: coutG * k * l)
        defer { cols.deallocate() }
        for b in 0..<n {
            for g in 0..<groups {
                sgemm(transA: true, m: coutG * k, n: l, k: cinG,
                      a: weight.pointer + g * cinG * coutG * k, lda: coutG * k,
                      b: x.pointer + (b * cin + g * cinG) * l, ldb: l,
                      c: cols, ldc: l)
                let out = y.pointer + (b * cout + g * coutG) * lout
                ComputeThreads.parallelFor(coutG) { co in
                    let dst = out + co * lout
                    for kk in 0..<k {
                        let src = cols + (co * k + kk) * l
                        let shift = kk * dilation - padding
                        for i in 0..<l {
                            let o = i * stride + shift
                            if o >= 0 && o < lout { dst[o] += src[i] }
                        }
                    }
                }
            }
        }
        if let bias {
            precondition(bias.count == cout, "convTranspose1d: bias does not match \(cout) channels")
            ComputeThreads.parallelFor(n * cout) { i in
                let v = bias.pointer[i % cout], p = y.pointer + i * lout
                for j in 0..<lout { p[j] += v }
            }
        }
        return y
    }
}
