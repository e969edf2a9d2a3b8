import Foundation
import Models

/// One full-size U-Net step (DESIGN.md: 92 M parameters, 314 GFLOP per 1x80x256 sample), Swift
/// against PyTorch (bench/unet_bench.py) with the same thread count, in one run; batch 2 is a
/// guided step. Effective GFLOP/s count the direct convolution FLOPs.
enum UNetStepBench {
    static func run() -> [BenchRow] {
        let gflopPerSample = 313.9
        let unet = UNetBench.randomFullSize()
        var rows: [BenchRow] = []
        let torch = PyTorchReference.run(script: "bench/unet_bench.py", arguments: ["--repeats", "2"])
        let (_, sgemm) = OpsBench.sgemmGflops(m: 256, n: 2560, k: 2304)
        for batch in [1, 2] {
            let (x, t, clip) = UNetBench.inputs(for: unet, batch: batch)
            let seconds = bestTime(repeats: 2) { _ = unet(x, timeSteps: t, clip: clip) }
            let flops = gflopPerSample * Double(batch)
            if let torchSeconds = torch?["batch\(batch)_seconds"]?.doubleValue {
                rows.append(BenchRow(name: "unet full step, batch \(batch)", seconds: seconds, gflops: flops / seconds,
                                     reference: "pytorch \(String(format: "%.2f", torchSeconds)) s",
                                     referenceGflops: flops / torchSeconds))
            }
            rows.append(BenchRow(name: "unet full step, batch \(batch)", seconds: seconds, gflops: flops / seconds,
                                 reference: "sgemm 256x2560x2304", referenceGflops: sgemm))
            // precision bfloat16: convolutions on oneDNN's native bfloat16 kernels (AMX / AVX512_BF16).
            if ComputePrecision.bfloat16IsNative, let torchSeconds = torch?["batch\(batch)_seconds"]?.doubleValue {
                let bf16 = ComputePrecision.$current.withValue(.bfloat16) {
                    bestTime(repeats: 2) { _ = unet(x, timeSteps: t, clip: clip) }
                }
                rows.append(BenchRow(name: "unet full step, batch \(batch), precision bfloat16", seconds: bf16,
                                     gflops: flops / bf16, reference: "pytorch float32 \(String(format: "%.2f", torchSeconds)) s",
                                     referenceGflops: flops / torchSeconds))
            }
        }
        return rows
    }
}
