import Foundation
import COpenBLAS
import Models

/// The foundation benchmark: the engine's convolutions (oneDNN, planned once; and its own im2col
/// and Winograd F(2x2,3x3) kernels) and linear layer next to raw cblas_sgemm with the same FLOP
/// count, timed in the same run.
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
        settleOpenBLAS()
        return (t, 2.0 * Double(m * n * k) / t / 1e9)
    }

    /// OpenBLAS's threads spin for a while after a call, and the engine's OpenMP threads timed
    /// next would share the two cores with them: the few-row linear layers took 7.5-8 ms right
    /// after an OpenBLAS reference, 0.38-1.44 ms otherwise. A pause lets them park first.
    static func settleOpenBLAS() { usleep(300_000) }

    /// One convolution shape of the networks: input, weight, and how to build the layer.
    struct ConvCase {
        let name: String
        let input: [Int]
        let layer: Convolution
        /// Multiply-adds x 2 of the direct method.
        let flops: Double
        /// The sgemm of the same FLOP count as im2col would run it (m, n, k).
        let gemm: (Int, Int, Int)
    }

    static func conv2d(_ name: String, n: Int, cin: Int, cout: Int, h: Int, w: Int) -> ConvCase {
        let wt = Tensor(shape: [cout, cin, 3, 3], scalars: randomTensorScalars(cout * cin * 9, seed: 3, scale: 0.05))
        let b = Tensor(shape: [cout], scalars: randomTensorScalars(cout, seed: 5))
        return ConvCase(name: name, input: [n, cin, h, w], layer: Convolution(conv2dWeight: wt, bias: b, padding: 1),
                        flops: 2.0 * Double(n * cout * cin * 9 * h * w), gemm: (cout, n * h * w, cin * 9))
    }

    static var convCases: [ConvCase] {
        var cases = [
            conv2d("conv2d 3x3 128->128 @80x256 b2 (full U-Net)", n: 2, cin: 128, cout: 128, h: 80, w: 256),
            conv2d("conv2d 3x3 512->512 @10x32 b2 (full U-Net)", n: 2, cin: 512, cout: 512, h: 10, w: 32),
            conv2d("conv2d 3x3 16->16 @80x128 b2 (mini U-Net)", n: 2, cin: 16, cout: 16, h: 80, w: 128),
            conv2d("conv2d 3x3 32->32 @40x64 b2 (mini U-Net)", n: 2, cin: 32, cout: 32, h: 40, w: 64),
            conv2d("conv2d 3x3 64->64 @20x32 b2 (mini U-Net)", n: 2, cin: 64, cout: 64, h: 20, w: 32),
        ]
        // BigVGAN v2: dilated 1-D convolutions of late stages and the first upsampler.
        let (c, l) = (96, 22_050)
        let w1 = Tensor(shape: [c, c, 3], scalars: randomTensorScalars(c * c * 3, seed: 13, scale: 0.05))
        cases.append(ConvCase(name: "conv1d k3 d5 96->96 @22050 (BigVGAN)", input: [1, c, l],
                              layer: Convolution(conv1dWeight: w1, bias: nil, padding: 5, dilation: 5),
                              flops: 2.0 * Double(c * c * 3 * l), gemm: (c, l, c * 3)))
        // The last stage's 24 channels over 88,200 samples, where oneDNN's 16-channel blocks waste most.
        let (c24, l24) = (24, 88_200)
        let w24 = Tensor(shape: [c24, c24, 11], scalars: randomTensorScalars(c24 * c24 * 11, seed: 14, scale: 0.05))
        cases.append(ConvCase(name: "conv1d k11 d5 24->24 @88200 (BigVGAN)", input: [1, c24, l24],
                              layer: Convolution(conv1dWeight: w24, bias: nil, padding: 25, dilation: 5),
                              flops: 2.0 * Double(c24 * c24 * 11 * l24), gemm: (c24, l24, c24 * 11)))
        let (ci, co, lt) = (1536, 768, 345)
        let wt = Tensor(shape: [ci, co, 8], scalars: randomTensorScalars(ci * co * 8, seed: 17, scale: 0.02))
        cases.append(ConvCase(name: "conv_transpose1d k8 s4 1536->768 @345 (BigVGAN)", input: [1, ci, lt],
                              layer: Convolution(convTranspose1dWeight: wt, bias: nil, stride: 4, padding: 2),
                              flops: 2.0 * Double(ci * co * 8 * lt), gemm: (co * 8, lt, ci)))
        return cases
    }

    static func run() -> [BenchRow] {
        var rows: [BenchRow] = []
        for cs in convCases {
            let x = Tensor(shape: cs.input, scalars: randomTensorScalars(cs.input.reduce(1, *)))
            let (_, gemm) = sgemmGflops(m: cs.gemm.0, n: cs.gemm.1, k: cs.gemm.2)
            let reference = "sgemm \(cs.gemm.0)x\(cs.gemm.1)x\(cs.gemm.2)"
            // Effective GFLOP/s count the direct method's FLOPs, so Winograd can exceed the GEMM peak.
            for backend in ["onednn", "winograd 4x4 (engine)", "narrow 1-D (engine)", "im2col", "winograd 2x2"] {
                Ops.allowOneDNN = backend == "onednn" || backend.hasSuffix("(engine)")
                Ops.allowOwnWinograd = backend != "onednn"
                Ops.allowNarrowConvolution = backend == "narrow 1-D (engine)"
                Ops.allowWinograd = backend != "im2col"
                if backend == "winograd 2x2" && !(cs.layer.weight.rank == 4 && cs.input[1] >= 16) { continue }
                // Where oneDNN has Winograd itself (AVX-512) the engine's own never runs.
                if backend == "winograd 4x4 (engine)" && !cs.layer.usesOwnWinograd(cs.input) { continue }
                if backend == "narrow 1-D (engine)" && !cs.layer.usesNarrowKernel(cs.input) { continue }
                let t = bestTime(repeats: cs.flops > 5e9 ? 3 : 10) { _ = cs.layer(x) }
                let impl = backend == "onednn" ? " [\(cs.layer.implementations[cs.input] ?? "reference")]" : ""
                rows.append(BenchRow(name: "\(cs.name) \(backend)\(impl)", seconds: t, gflops: cs.flops / t / 1e9,
                                     reference: reference, referenceGflops: gemm))
            }
        }
        Ops.allowOneDNN = true
        Ops.allowWinograd = true
        Ops.allowOwnWinograd = true
        Ops.allowNarrowConvolution = true
        // Self-attention of the full U-Net's 20x64 level: batch 2, 6 heads of 64, 1280 tokens.
        let (ab, ah, al, ad) = (2, 6, 1280, 64)
        let qkv = (0..<3).map { Tensor(shape: [ab, ah, al, ad], scalars: randomTensorScalars(ab * ah * al * ad, seed: 20 + UInt64($0))) }
        let tAtt = bestTime { _ = Ops.attention(query: qkv[0], key: qkv[1], value: qkv[2]) }
        let attFlops = 4.0 * Double(ab * ah * al * al * ad)
        let (_, gemmAtt) = sgemmGflops(m: al, n: al, k: ad)
        rows.append(BenchRow(name: "attention 2x6 heads, 1280 tokens x 64", seconds: tAtt, gflops: attFlops / tAtt / 1e9,
                             reference: "sgemm 1280x1280x64", referenceGflops: gemmAtt))
        // The same on the rows of a fused qkv projection, as the U-Net runs it: in place
        // (csk_attention_block), against splitting the heads, the blocked sgemm path, merging.
        let packed = Tensor(shape: [ab, al, 3 * ah * ad], scalars: randomTensorScalars(ab * al * 3 * ah * ad, seed: 23))
        let heads = (0..<3).map { TokenHeads(packed, first: $0 * ah * ad, size: ad) }
        let tTokens = bestTime { _ = Ops.attention(query: heads[0], key: heads[1], value: heads[2], heads: ah) }
        let tPermuted = bestTime {
            let split = Ops.permute(packed.reshaped([ab, al, 3, ah, ad]), [2, 0, 3, 1, 4])
            _ = Ops.permute(Ops.attention(query: split[0], key: split[1], value: split[2]), [0, 2, 1, 3])
        }
        rows.append(BenchRow(name: "attention on token rows, 2x6 heads, 1280 tokens x 64", seconds: tTokens,
                             gflops: attFlops / tTokens / 1e9, reference: "split heads, sgemm blocks, merge",
                             referenceGflops: attFlops / tPermuted / 1e9))
        let sm = Tensor(shape: [128, 1280], scalars: randomTensorScalars(128 * 1280, scale: 3))
        let tSm = bestTime(repeats: 20) { _ = Ops.softmax(sm) }
        rows.append(BenchRow(name: "softmax 128x1280 (G elements/s)", seconds: tSm, gflops: Double(sm.count) / tSm / 1e9,
                             reference: "1 G/s", referenceGflops: 1))
        // Linear layers on oneDNN's sgemm and on OpenBLAS's: a CLIP ViT-L/14 MLP layer (1024 tokens),
        // a CLIP text layer (77 tokens) and the prior's (6 rows: weight-bandwidth bound).
        for (rowsN, inF, outF) in [(1024, 768, 3072), (77, 768, 3072), (6, 768, 6144)] {
            let lx = Tensor(shape: [rowsN, inF], scalars: randomTensorScalars(rowsN * inF))
            let lw = Tensor(shape: [outF, inF], scalars: randomTensorScalars(outF * inF, seed: 9, scale: 0.05))
            let lb = Tensor(shape: [outF], scalars: randomTensorScalars(outF, seed: 11))
            let (_, gemmLin) = sgemmGflops(m: rowsN, n: outF, k: inF)
            for openBLAS in [false, true] {
                Ops.useOpenBLAS = openBLAS
                let tLin = bestTime { _ = Ops.linear(lx, weight: lw, bias: lb) }
                if openBLAS { settleOpenBLAS() }
                rows.append(BenchRow(name: "linear \(rowsN)x\(inF) -> \(outF) " + (openBLAS ? "openblas" : "onednn"),
                                     seconds: tLin, gflops: 2.0 * Double(rowsN * inF * outF) / tLin / 1e9,
                                     reference: "sgemm \(rowsN)x\(outF)x\(inF)", referenceGflops: gemmLin))
            }
            Ops.useOpenBLAS = false
        }
        return rows
    }
}
