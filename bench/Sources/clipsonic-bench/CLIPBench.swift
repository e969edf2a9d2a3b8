import Foundation
import Models

/// OpenAI CLIP ViT-L/14 (random weights of the real shapes): one prompt's text embedding and one
/// picture's image embedding, Swift against PyTorch (bench/clip_bench.py), in one run.
enum CLIPBench {
    static let config = """
    {"projection_dim": 768,
     "text_config": {"hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12, "num_attention_heads": 12,
                     "max_position_embeddings": 77, "vocab_size": 49408, "hidden_act": "quick_gelu"},
     "vision_config": {"hidden_size": 1024, "intermediate_size": 4096, "num_hidden_layers": 24, "num_attention_heads": 16,
                       "image_size": 224, "patch_size": 14, "hidden_act": "quick_gelu"}}
    """

    static func run() -> [BenchRow] {
        let torch = PyTorchReference.run(script: "bench/clip_bench.py")
        do {
            let cfg = try JSONValueDecoder().decode(CLIPConfig.self, from: config)
            var tensors: [String: Tensor] = [:]
            var rng = SplitMix64(seed: 1)
            for (name, shape) in cfg.tensorShapes {
                let t = Tensor(zeros: shape)
                if name.hasSuffix("norm1.weight") || name.hasSuffix("norm2.weight") || name.contains("layernorm.weight")
                    || name.contains("layrnorm.weight") || name.hasSuffix("final_layer_norm.weight") {
                    t.pointer.update(repeating: 1, count: t.count)
                } else {
                    rng.fillNormal(t.pointer, count: t.count, std: 0.02)
                }
                tensors[name] = t
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-bench-clip-\(getpid())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("clip.safetensors")
            try SafeTensors.write(tensors, to: file)
            tensors = [:]
            let model = try CLIPModel(weights: WeightBinder(try SafeTensors(contentsOf: file)), config: cfg)
            var ids = [Int](repeating: 0, count: 77)
            ids[0] = 49406
            for i in 1..<12 { ids[i] = 1000 + i * 37 }
            ids[12] = 49407
            let px = Tensor(shape: [1, 3, 224, 224], scalars: randomTensorScalars(3 * 224 * 224))
            let text = bestTime(repeats: 3) { _ = try? model.text([ids]) }
            // What the engine runs for a prompt: the tower stops after the prompt's 13 tokens
            // (causal attention; the prior reads the padding's rows as zeros).
            let prompt = bestTime(repeats: 3) { _ = try? model.text([ids], rowsNeeded: 13) }
            let image = bestTime(repeats: 3) { _ = try? model.vision(px) }
            guard let tt = torch?["text_seconds"]?.doubleValue, let ti = torch?["image_seconds"]?.doubleValue else { return [] }
            // "GFLOP/s" column: embeddings per second.
            return [BenchRow(name: "clip ViT-L/14 text embedding, all 77 rows (/s)", seconds: text, gflops: 1 / text,
                             reference: "pytorch", referenceGflops: 1 / tt),
                    BenchRow(name: "clip ViT-L/14 text embedding, the prompt's 13 rows as the engine runs it (/s)",
                             seconds: prompt, gflops: 1 / prompt, reference: "pytorch, all 77 rows", referenceGflops: 1 / tt),
                    BenchRow(name: "clip ViT-L/14 image embedding (/s)", seconds: image, gflops: 1 / image,
                             reference: "pytorch", referenceGflops: 1 / ti)]
        } catch {
            print("  (CLIP benchmark failed: \(error))")
            return []
        }
    }
}
