import Engine
import Foundation
import Models

/// LAION's ViT-L/14 prior shapes (random weights): 64 DDIM steps x 2 candidates for one prompt,
/// Swift (with the cached prompt keys and values) against dalle2-pytorch 1.1.0
/// (bench/prior_bench.py), in one run, the fastest of three samplings after a warm-up on both sides.
enum PriorBench {
    static func run() -> [BenchRow] {
        // The fastest of three timed samplings on both sides: the step reads 401 MB of weights, so
        // its time moves with what the host's other tenants do to the memory's bandwidth (one run
        // each: 1.02-1.44 s for the engine within an hour).
        let torch = PyTorchReference.run(script: "bench/prior_bench.py", arguments: ["--repeats", "3"])
        do {
            let config = PriorConfig.laionViTL14
            let net = try DiffusionPriorNetwork(weights: PriorWeights.random(config: config.net, seed: 0))
            let sampler = try PriorSampler(config: config, network: net)
            let dim = config.net.dim
            var rng = SplitMix64(seed: 3)
            let embed = Tensor(zeros: [1, dim])
            rng.fillNormal(embed.pointer, count: dim, std: 1 / Float(dim).squareRoot())
            let enc = Tensor(zeros: [1, 77, dim])
            rng.fillNormal(enc.pointer, count: 12 * dim, std: 1)
            func sample(_ sampler: PriorSampler) -> Tensor? {
                var noise = TorchRandomSource(seed: 0)
                return try? sampler.sample(textEmbed: embed, textEncodings: enc, options: .init(steps: 64, candidates: 2),
                                           noise: { noise.normalTensor(shape: $0) }).embeddings
            }
            let seconds = bestTime(repeats: 3) { _ = sample(sampler) }
            // prior-weights float16: the same sampler reading half-width weight matrices.
            let halfSampler = try PriorSampler(config: config, network: DiffusionPriorNetwork(weights: try net.weights.at(width: .float16)))
            let halfSeconds = bestTime(repeats: 3) { _ = sample(halfSampler) }
            if let full = sample(sampler), let half = sample(halfSampler) {
                var diff: Float = 0, size: Float = 0
                for i in 0..<full.count { diff = max(diff, abs(full.pointer[i] - half.pointer[i])); size = max(size, abs(full.pointer[i])) }
                print(String(format: "  prior float16 weights: embedding max rel err %.2e, cosine to float32 %.6f",
                             diff / size, GenerationEngine.similarity(full, half)))
            }
            guard let t = torch?["seconds"]?.doubleValue else { return [] }
            return [BenchRow(name: "prior LAION 64 steps x 2 (samples/s)", seconds: seconds, gflops: 1 / seconds,
                             reference: "dalle2-pytorch", referenceGflops: 1 / t),
                    BenchRow(name: "the same, prior-weights float16", seconds: halfSeconds, gflops: 1 / halfSeconds,
                             reference: "dalle2-pytorch", referenceGflops: 1 / t)]
        } catch {
            print("  (prior benchmark failed: \(error))")
            return []
        }
    }
}
