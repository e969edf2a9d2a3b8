import Foundation
import Models

/// Whether K variations (K seeds of one prompt) should go through the U-Net as one batch: one
/// guided step of models/mini's U-Net for K takes at once (batch 2K) against K guided steps one
/// after another (batch 2 each), on the bundle's own 128 frames. The studio and `generate
/// --variations` batch only if this shows a real gain.
enum VariationsBench {
    static func run() -> [BenchRow] {
        let path = "models/mini"
        guard FileManager.default.fileExists(atPath: "\(path)/bundle.json") else {
            print("  (variations benchmark skipped: no models/mini)")
            return []
        }
        let unet: UNet
        do {
            let bundle = try ModelBundle.open(at: URL(fileURLWithPath: path))
            unet = try UNet(configuration: try bundle.manifest.unet.decodeConfig(UNetConfiguration.self),
                            weights: try bundle.binder(.unet))
        } catch {
            print("  (variations benchmark skipped: \(error))")
            return []
        }
        var rows: [BenchRow] = []
        for k in [3, 8] {
            let (x1, t1, c1) = UNetBench.inputs(for: unet, batch: 2, frames: 128)
            let (xk, tk, ck) = UNetBench.inputs(for: unet, batch: 2 * k, frames: 128)
            _ = unet(xk, timeSteps: tk, clip: ck)  // plans the batch-2K shapes once, as the engine would
            let sequential = bestTime(repeats: 3) { for _ in 0..<k { _ = unet(x1, timeSteps: t1, clip: c1) } }
            let batched = bestTime(repeats: 3) { _ = unet(xk, timeSteps: tk, clip: ck) }
            // "gflops" here is steps per second: K takes' worth of guided steps over the time.
            rows.append(BenchRow(name: "mini U-Net, \(k) variations' guided step as one batch of \(2 * k)",
                                 seconds: batched, gflops: 1 / batched,
                                 reference: "\(k) steps of batch 2, \(String(format: "%.3f", sequential)) s",
                                 referenceGflops: 1 / sequential))
        }
        return rows
    }
}
