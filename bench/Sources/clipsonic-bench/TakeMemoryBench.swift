import Engine
import Foundation
import Models

/// A take as `clipsonic generate` makes one, in a fresh process: the bench runs itself as
/// `clipsonic-bench take-memory BUNDLE PRECISION`, which loads the bundle, makes one default take
/// of its window (prior mode, 25 steps, the vocoder) and prints the process's peak resident
/// memory and the take's time (cold: plans made and weights first read within it). The memory is
/// compared with the PyTorch reference pipeline's own peak for the same mel (prompt to mel; it
/// has no vocoder, so the comparison leans against the engine).
enum TakeMemoryBench {
    static let group = "take-memory"

    /// The child's side: one take, then one JSON line.
    static func child(_ arguments: [String]) -> Int32 {
        guard arguments.count == 2, let precision = ComputePrecision(rawValue: arguments[1]) else {
            FileHandle.standardError.write(Data("usage: clipsonic-bench take-memory BUNDLE float32|bfloat16\n".utf8))
            return 2
        }
        do {
            let engine = try GenerationEngine(bundleAt: URL(fileURLWithPath: arguments[0]))
            var request = GenerationRequest(prompt: "rain on a tin roof", mode: .prior, steps: 25, seed: 7)
            request.precision = precision
            guard let take = try engine.generate(request).first else { return 1 }
            guard let peak = peakResidentMiB() else { return 1 }
            print("{\"peak_rss_mib\": \(peak), \"take_seconds\": \(take.timings.total)}")
            return 0
        } catch {
            FileHandle.standardError.write(Data("take-memory: \(error)\n".utf8))
            return 1
        }
    }

    /// This process's peak resident memory (VmHWM of /proc/self/status). Not getrusage's
    /// ru_maxrss: a child inherits that from the process that started it (here, the bench with
    /// a full-size engine loaded), so every child would report at least the parent's peak.
    static func peakResidentMiB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Double($0) }) else { return nil }
        return kib / 1024
    }

    /// The parent's side: a row per precision, peak memory against PyTorch's, and the cold take's time.
    static func rows(bundle: String, pytorchMiB: Double) -> [BenchRow] {
        var rows: [BenchRow] = []
        let precisions: [ComputePrecision] = ComputePrecision.bfloat16IsNative ? [.float32, .bfloat16] : [.float32]
        for precision in precisions {
            guard let result = runChild(bundle: bundle, precision: precision),
                  let mib = result["peak_rss_mib"]?.doubleValue, let seconds = result["take_seconds"]?.doubleValue else {
                print("  (take-memory \(precision.rawValue) failed)")
                continue
            }
            // "rate" is the inverse of memory, so the ratio reads as the others do: above 100% is better.
            rows.append(BenchRow(name: "full take peak memory, MiB, \(precision.rawValue) (rate: 1/GiB)", seconds: mib / 1000,
                                 gflops: 1024 / mib, reference: String(format: "pytorch %.0f MiB", pytorchMiB),
                                 referenceGflops: 1024 / pytorchMiB))
            rows.append(BenchRow(name: "full take, cold process, \(precision.rawValue) (x real time)", seconds: seconds,
                                 gflops: 3.99 / seconds, reference: "real time", referenceGflops: 1))
        }
        return rows
    }

    private static func runChild(bundle: String, precision: ComputePrecision) -> JSONValue? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = [group, bundle, precision.rawValue]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.standardError
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return try? JSONParser.parse(Array(data))
    }
}
