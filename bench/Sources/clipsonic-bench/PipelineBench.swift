import Engine
import Foundation
import Models

/// The whole pipeline for 4 s of audio (prompt → prior → 25 guided DPM-Solver++ steps → mel),
/// Swift's engine against the PyTorch reference pipeline (training/clipsonic/reference_pipeline.py)
/// on the same bundle, in one run: models/mini when it exists, and the bundle named by
/// CLIPSONIC_BENCH_FULL_BUNDLE (e.g. `clipsonic random-bundle /tmp/full --size full`).
/// Both sides are timed from the prompt to the mel, networks already loaded; Swift's vocoder
/// time is reported on its own row.
enum PipelineBench {
    /// Time from prompt to mel per second of audio at 2, 4, 8 and 30 s, against the 2 s rate.
    /// Beyond the bundle's window a take is continued window by window, each window overlapping
    /// the last by a quarter, so the rate settles near 3/4 of the 2 s rate and stays there:
    /// time grows linearly with duration. For those, also when the first sound could be heard
    /// (the first window vocoded, which the studio plays at once).
    static func durationRows(_ engine: GenerationEngine, path: String) -> [BenchRow] {
        var rows: [BenchRow] = []
        var base: Double?
        for duration in [2.0, 4.0, 8.0, 30.0] {
            let request = GenerationRequest(prompt: "rain on a tin roof", mode: .prior, steps: 25, seed: 7, duration: duration)
            var timings = StageTimings()
            var made = false
            var firstSound: Double?
            engine.streamsAudio = true
            defer { engine.streamsAudio = false }
            let total = bestTime(repeats: 1) {
                let started = Date()
                if let take = try? engine.generate(request, onEvent: { event in
                    if case .audio = event, firstSound == nil { firstSound = Date().timeIntervalSince(started) }
                }).first { timings = take.timings; made = true }
            }
            guard made else { continue }  // longer than the bundle allows
            if let firstSound {
                // What the studio plays while the rest is made: the first window, vocoded.
                rows.append(BenchRow(name: "pipeline \(path) \(Int(duration)) s: first sound (x sooner than the take)",
                                     seconds: firstSound, gflops: total / firstSound, reference: "the whole take",
                                     referenceGflops: 1))
            }
            let rate = duration / max(total - timings.vocoding, 1e-9)  // seconds of audio per second
            if base == nil { base = rate }
            rows.append(BenchRow(name: "pipeline \(path) \(Int(duration)) s prompt→mel (audio s/s)", seconds: total - timings.vocoding,
                                 gflops: rate, reference: "its 2 s rate", referenceGflops: base ?? rate))
        }
        return rows
    }

    static func run() -> [BenchRow] {
        var bundles: [String] = []
        if FileManager.default.fileExists(atPath: "models/mini/bundle.json") { bundles.append("models/mini") }
        if let full = ProcessInfo.processInfo.environment["CLIPSONIC_BENCH_FULL_BUNDLE"] { bundles.append(full) }
        if bundles.isEmpty { print("  (pipeline benchmark skipped: no models/mini and no CLIPSONIC_BENCH_FULL_BUNDLE)") }
        var rows: [BenchRow] = []
        for path in bundles {
            do {
                let engine = try GenerationEngine(bundleAt: URL(fileURLWithPath: path))
                let request = GenerationRequest(prompt: "rain on a tin roof", mode: .prior, steps: 25, seed: 7, duration: 4)
                let frames = engine.frames(for: 4)
                _ = try engine.generate(GenerationRequest(prompt: "warm up", mode: .prior, steps: 2, seed: 1))
                var timings = StageTimings()
                let total = bestTime(repeats: 1) {
                    if let take = try? engine.generate(request).first { timings = take.timings }
                }
                let toMel = total - timings.vocoding
                let torch = PyTorchReference.run(script: "-m", arguments: [
                    "training.clipsonic.reference_pipeline", path, request.prompt, "--mode", "prior", "--seed", "7",
                    "--steps", "25", "--guidance", "3", "--frames", String(frames), "--json",
                    "--threads", String(ComputeThreads.count),
                    "--out", FileManager.default.temporaryDirectory.appendingPathComponent("bench-mel.safetensors").path])
                if let t = torch?["seconds"]?.doubleValue {
                    rows.append(BenchRow(name: "pipeline \(path) 4 s prompt→mel (/s)", seconds: toMel, gflops: 1 / toMel,
                                         reference: "pytorch", referenceGflops: 1 / t))
                }
                rows.append(BenchRow(name: "pipeline \(path) vocoder (x real time)", seconds: timings.vocoding,
                                     gflops: 4 / max(timings.vocoding, 1e-9), reference: "real time", referenceGflops: 1))
                // The full size at 8 s takes minutes twice over; linearity is shown on models/mini.
                if path == "models/mini" { rows += durationRows(engine, path: path) }
            } catch {
                print("  (pipeline benchmark on \(path) failed: \(error))")
            }
        }
        return rows
    }
}
