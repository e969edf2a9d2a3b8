import Foundation
import Models

/// BigVGAN v2 (22 kHz, 80 bands, 256x; 112 M parameters) on 4 s of audio, Swift against PyTorch
/// (bench/bigvgan_bench.py) with the same thread count, in one run.
enum BigVGANBench {
    static func run() -> [BenchRow] {
        let torch = PyTorchReference.run(script: "bench/bigvgan_bench.py", arguments: ["--runs", "2"])
        let frames = 345  // 4 s at 22,050 Hz with hop 256
        let mel = Tensor(shape: [1, 80, frames], scalars: randomTensorScalars(80 * frames, scale: 2).map { $0 - 4 })
        guard let vocoder = try? BigVGAN.random() else {
            print("  (BigVGAN benchmark skipped: the random full-size generator did not build)")
            return []
        }
        let seconds = bestTime(repeats: 2) { _ = try? vocoder(mel) }
        let audioSeconds = Double(frames * 256) / 22050
        guard let torchSeconds = torch?["median_seconds"]?.doubleValue else { return [] }
        // "GFLOP/s" here is seconds of audio per second of compute (real-time factor).
        var rows = [BenchRow(name: "bigvgan v2 full, 4 s audio (x real time)", seconds: seconds,
                             gflops: audioSeconds / seconds, reference: "pytorch", referenceGflops: audioSeconds / torchSeconds)]
        if ComputePrecision.bfloat16IsNative {
            let bf16 = ComputePrecision.$current.withValue(.bfloat16) { bestTime(repeats: 2) { _ = try? vocoder(mel) } }
            rows.append(BenchRow(name: "the same, precision bfloat16", seconds: bf16, gflops: audioSeconds / bf16,
                                 reference: "pytorch float32", referenceGflops: audioSeconds / torchSeconds))
        }
        return rows
    }
}
