import Foundation
import Models

/// Where one full-size guided U-Net step spends its time, per layer kind and shape (not a
/// comparison: it prints a profile and adds no rows). `clipsonic-bench profile`, and
/// `CLIPSONIC_BENCH_PRECISION=bfloat16` for the step at that precision, `CLIPSONIC_BENCH_FRAMES=344`
/// for a default 4 s take's width instead of the 256 frames the other rows use.
enum ProfileBench {
    static func run() {
        let precision = ProcessInfo.processInfo.environment["CLIPSONIC_BENCH_PRECISION"].flatMap(ComputePrecision.init) ?? .float32
        ComputePrecision.$current.withValue(precision) { profile(precision) }
    }

    private static func profile(_ precision: ComputePrecision) {
        let unet = UNetBench.randomFullSize()
        let frames = ProcessInfo.processInfo.environment["CLIPSONIC_BENCH_FRAMES"].flatMap { Int($0) } ?? 256
        let (x, t, clip) = UNetBench.inputs(for: unet, batch: 2, frames: frames)
        // The first call makes the plans, packs the weights and grows the workspace: what a cold
        // take's first step pays on top of a warm one.
        let f0 = minorFaults()
        let c0 = DispatchTime.now().uptimeNanoseconds
        _ = unet(x, timeSteps: t, clip: clip)
        let first = Double(DispatchTime.now().uptimeNanoseconds - c0) / 1e9
        let f1 = minorFaults()
        OpProfile.reset()
        OpProfile.enabled = true
        let t0 = DispatchTime.now().uptimeNanoseconds
        _ = unet(x, timeSteps: t, clip: clip)
        let total = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        let f2 = minorFaults()
        OpProfile.enabled = false
        let entries = OpProfile.report()
        print(String(format: "profile: the first step (plans, packed weights, workspace) %.3f s, %d page faults; warm step %d", first, f1 - f0, f2 - f1))
        print(String(format: "profile: full-size U-Net guided step (batch 2, 80x%d, %@), %.3f s", frames, precision.rawValue, total))
        print("layer".padding(toLength: 72, withPad: " ", startingAt: 0) + "  calls     ms   share")
        // Attention blocks contain their own layers; shares are of the whole step.
        for e in entries {
            print(e.label.padding(toLength: 72, withPad: " ", startingAt: 0)
                  + String(format: " %6d %7.1f  %5.1f%%", e.calls, e.seconds * 1000, 100 * e.seconds / total))
        }
    }

    /// Pages the process has touched for the first time (zeroed by the kernel) so far.
    private static func minorFaults() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_minflt
    }
}
