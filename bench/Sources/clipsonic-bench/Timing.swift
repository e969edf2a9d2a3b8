import Foundation

/// Best wall-clock time of `repeats` runs after one warm-up run, in seconds.
func bestTime(repeats: Int = 5, _ body: () -> Void) -> Double {
    body()
    var best = Double.infinity
    for _ in 0..<repeats {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    return best
}

/// Deterministic pseudo-random fill, so runs are comparable without a seed argument.
func randomTensorScalars(_ count: Int, seed: UInt64 = 42, scale: Float = 1) -> [Float] {
    var s = seed &* 6364136223846793005 &+ 1442695040888963407
    return (0..<count).map { _ in
        s = s &* 6364136223846793005 &+ 1442695040888963407
        return (Float(s >> 40) / Float(1 << 24) - 0.5) * 2 * scale
    }
}

struct BenchRow: Encodable {
    let name: String
    let seconds: Double
    let gflops: Double
    let reference: String
    let referenceGflops: Double
    var ratio: Double { gflops / referenceGflops }

    enum CodingKeys: String, CodingKey { case name, seconds, gflops, reference, referenceGflops = "reference_gflops", ratio }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name); try c.encode(seconds, forKey: .seconds)
        try c.encode(gflops, forKey: .gflops); try c.encode(reference, forKey: .reference)
        try c.encode(referenceGflops, forKey: .referenceGflops); try c.encode(ratio, forKey: .ratio)
    }
}

func printTable(_ rows: [BenchRow]) {
    print("benchmark".padding(toLength: 64, withPad: " ", startingAt: 0) + "   time ms      rate   vs reference (rate: GFLOP/s unless the name gives a unit)")
    for r in rows {
        let name = r.name.padding(toLength: 64, withPad: " ", startingAt: 0)
        print(name + String(format: " %9.2f %9.1f   %5.1f%% of %@ (%.1f GFLOP/s)",
                            r.seconds * 1000, r.gflops, r.ratio * 100, r.reference, r.referenceGflops))
    }
}
