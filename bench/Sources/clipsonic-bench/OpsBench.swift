import COpenBLAS
import Models

/// The foundation benchmark: the engine's conv2d and linear next to raw cblas_sgemm with the
/// same FLOP count, timed in the same run.
enum OpsBench {
    static func sgemmGflops(m: Int, n: Int, k: Int) -> (Double, Double) {
        let a = randomTensorScalars(m * k), b = randomTensorScalars(k * n, seed: 7)
        var c = [Float](repeating: 0, count: m * n)
        let t = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    bestTime {
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                                    pa.baseAddress, Int32(k), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                    }
                }
            }
        }
        return (t, 2.0 * Double(m * n * k) / t / 1e9)
    }

    static func run() -> [BenchRow] {
        var rows: [BenchRow] = []
        // conv2d 3x3, 128 -> 128 channels, on an 80 x 256 map (one U-Net level at full size).
        let (c, h, w) = (128, 80, 256)
        let x = Tensor(shape: [1, c, h, w], scalars: randomTensorScalars(c * h * w))
        let wt = Tensor(shape: [c, c, 3, 3], scalars: randomTensorScalars(c * c * 9, seed: 3, scale: 0.05))
        let bias = Tensor(shape: [c], scalars: randomTensorScalars(c, seed: 5))
        let convFlops = 2.0 * Double(c * c * 9 * h * w)
        let (_, gemmConv) = sgemmGflops(m: c, n: h * w, k: c * 9)
        // Effective GFLOP/s count the direct method's FLOPs, so Winograd can exceed the GEMM peak.
        for winograd in [false, true] {
            Ops.allowWinograd = winograd
            let t = bestTime { _ = Ops.conv2d(x, weight: wt, bias: bias, padding: 1) }
            rows.append(BenchRow(name: "conv2d 3x3 128->128 @ 80x256 " + (winograd ? "winograd" : "im2col"),
                                 seconds: t, gflops: convFlops / t / 1e9,
                                 reference: "sgemm 128x20480x1152", referenceGflops: gemmConv))
        }
        Ops.allowWinograd = true
        // linear: 1024 tokens, 768 -> 3072 (a CLIP ViT-L/14 MLP layer).
        let (rowsN, inF, outF) = (1024, 768, 3072)
        let lx = Tensor(shape: [rowsN, inF], scalars: randomTensorScalars(rowsN * inF))
        let lw = Tensor(shape: [outF, inF], scalars: randomTensorScalars(outF * inF, seed: 9, scale: 0.05))
        let lb = Tensor(shape: [outF], scalars: randomTensorScalars(outF, seed: 11))
        let tLin = bestTime { _ = Ops.linear(lx, weight: lw, bias: lb) }
        let (_, gemmLin) = sgemmGflops(m: rowsN, n: outF, k: inF)
        rows.append(BenchRow(name: "linear 1024x768 -> 3072", seconds: tLin,
                             gflops: 2.0 * Double(rowsN * inF * outF) / tLin / 1e9,
                             reference: "sgemm 1024x3072x768", referenceGflops: gemmLin))
        return rows
    }
}
