import CKernels

extension WinogradF43 {
    /// The channels-last (NHWC) form of `run(x:weights:bias:padding:)`, for a network whose
    /// activations are channels-last: a pixel's channels are contiguous, so the transforms
    /// vectorise over channels one tile at a time (no gather of tiles across a row), and the layer
    /// needs no transposes to NCHW and back around it. The transformed weights are the same
    /// U[36][Cout][Cin] (`Weights`, cached by `weights(of:_:)`); the transformed input and output
    /// are laid out [36][tiles][channels], so each of the 36 GEMMs is V·Uᵀ (transB).
    ///
    /// x: [N, H, W, Cin] -> [N, H + 2 padding.h - 2, W + 2 padding.w - 2, Cout], bias added; nil
    /// when the workspace cannot grow to the layer.
    static func run(channelsLast x: Tensor, weights: Weights, bias: Tensor?, padding: Size2) -> Tensor? {
        let n = x.shape[0], h = x.shape[1], w = x.shape[2], cin = x.shape[3], cout = weights.cout
        let (xp, u, b) = (x.pointer, weights.u, bias.map { UnsafePointer($0.pointer) })
        return tiled(n: n, h: h, w: w, cin: cin, weights: weights, padding: padding,
                     output: { Tensor(uninitialized: [n, $0, $1, cout]) }) { blocks, y, row0, rows in
            let (oh, ow, th, tw, v, m, yp) = (blocks.oh, blocks.ow, blocks.th, blocks.tw, blocks.v, blocks.m, y.pointer)
            let nt = rows * tw
            // Tile t of the block is tile column t % tw of tile row row0 + t / tw (sample, tile row).
            ComputeThreads.parallelFor(nt) { t in
                let sample = (row0 + t / tw) / th, ty = (row0 + t / tw) % th, tx = t % tw
                csk_wino43_input_nhwc(xp + sample * h * w * cin, h, w, cin, ty * 4 - padding.h, tx * 4 - padding.w,
                                      v + t * cin, nt * cin)
            }
            // As in the NCHW run: one thread per GEMM, spread over the team.
            ComputeThreads.parallelFor(36) { i in
                sgemm(transB: true, m: nt, n: cout, k: cin, a: v + i * nt * cin, lda: cin,
                      b: u + i * cout * cin, ldb: cin, c: m + i * nt * cout, ldc: cout)
            }
            ComputeThreads.parallelFor(nt) { t in
                let sample = (row0 + t / tw) / th, ty = (row0 + t / tw) % th, tx = t % tw
                csk_wino43_output_nhwc(m + t * cout, nt * cout, cout, b, yp + sample * oh * ow * cout,
                                       oh, ow, ty * 4, tx * 4)
            }
        }
    }
}
