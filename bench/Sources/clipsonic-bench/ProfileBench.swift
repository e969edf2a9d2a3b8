import Foundation
import Models

/// Where one full-size guided U-Net step spends its time, per layer kind and shape (not a
/// comparison: it prints a profile and adds no rows). `clipsonic-bench profile`, and
/// `CLIPSONIC_BENCH_PRECISION=bfloat16` for the step at that precision.
enum ProfileBench {
    static func run() {
        let precision = ProcessInfo.processInfo.environment["CLIPSONIC_BENCH_PRECISION"].flatMap(ComputePrecision.init) ?? .float32
        ComputePrecision.$current.withValue(precision) { profile(precision) }
    }

    private static func profile(_ precision: ComputePrecision) {
        let unet = UNetBench.randomFullSize()
        let (x, t, clip) = UNetBench.inputs(for: unet, batch: 2)
        _ = unet(x, timeSteps: t, clip: clip)  // plans made, workspace grown
        OpProfile.reset()
        OpProfile.enabled = true
        let t0 = DispatchTime.now().uptimeNanoseconds
        _ = unet(x, timeSteps: t, clip: clip)
        let total = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        OpProfile.enabled = false
        let entries = OpProfile.report()
        print(String(format: "profile: full-size U-Net guided step (batch 2, 80x256, %@), %.3f s", precision.rawValue, total))
        print("layer".padding(toLength: 72, withPad: " ", startingAt: 0) + "  calls     ms   share")
        // Attention blocks contain their own layers; shares are of the whole step.
        for e in entries {
            print(e.label.padding(toLength: 72, withPad: " ", startingAt: 0)
                  + String(format: " %6d %7.1f  %5.1f%%", e.calls, e.seconds * 1000, 100 * e.seconds / total))
        }
    }
}
