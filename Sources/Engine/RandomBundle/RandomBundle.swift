import Foundation
import Models

/// Writes a complete bundle with random weights of a given size: `tiny` for tests of the whole
/// pipeline, the CLI and the studio (a fraction of a second per take, noise-like sound), and
/// `full` for benchmarks at CLIPSonic's real shapes (CLIP ViT-L/14, LAION's prior, the
/// DESIGN.md U-Net, BigVGAN v2 22 kHz). The networks load such a bundle through the same strict
/// loaders as a trained one.
public enum RandomBundle {
    public enum Size: String, CaseIterable, Sendable { case tiny, full }

    /// Writes the bundle into `folder` (created; existing files of the same names replaced).
    /// `tokenizer` is the CLIP merges file to copy in (models/vocab/bpe_simple_vocab_16e6.txt).
    /// `audioEncoder` adds a random audio encoder (`audio_encoder` component), so that scoring,
    /// ranking, search and audio mode can be tested; without it the bundle has none, as most do.
    public static func write(_ size: Size, to folder: URL, tokenizer: URL, seed: UInt64 = 0,
                             audioEncoder: Bool = false) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let spec = size == .tiny ? RandomBundleSpec.tiny : RandomBundleSpec.full

        // CLIP: transformers names; values N(0, 0.02), LayerNorm gains 1.
        let clipConfig = try JSONValueDecoder().decode(CLIPConfig.self, from: spec.clip)
        var clip: [String: Tensor] = [:]
        var rng = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15)
        for (name, shape) in clipConfig.tensorShapes {
            let isGain = name.hasSuffix("norm1.weight") || name.hasSuffix("norm2.weight")
                || name.hasSuffix("layernorm.weight") || name.hasSuffix("layrnorm.weight")
                || name.hasSuffix("final_layer_norm.weight")
            clip[name] = isGain ? Tensor(shape: shape, repeating: 1)
                : name == "logit_scale" ? Tensor(shape: shape, repeating: 2.6592) : normal(shape, std: 0.02, &rng)
        }
        try SafeTensors.write(clip, to: folder.appendingPathComponent("clip.safetensors"))
        let vocabName = tokenizer.lastPathComponent
        let vocabTarget = folder.appendingPathComponent(vocabName)
        try AtomicFile.replace(vocabTarget, with: try RegularFile.contents(tokenizer.path, limit: 64 << 20))

        // The prior, the U-Net and the vocoder: built through their loaders, recording the tensors.
        let priorConfig = try JSONValueDecoder().decode(PriorConfig.self, from: spec.prior)
        let priorWeights = RandomPriorWeights(seed: seed &+ 1)
        _ = try PriorWeights(config: priorConfig.net, source: priorWeights)
        try SafeTensors.write(priorWeights.made, to: folder.appendingPathComponent("prior.safetensors"))

        let unetConfig = try JSONValueDecoder().decode(UNetConfiguration.self, from: spec.unet)
        let recorder = TensorRecorder()
        _ = try UNet(configuration: unetConfig,
                     weights: RecordingUNetWeights(base: RandomUNetWeights(seed: seed &+ 2), recorder: recorder, prefix: ""))
        try SafeTensors.write(recorder.tensors, to: folder.appendingPathComponent("unet.safetensors"))

        var vocoderSection = #"{"kind": "griffin-lim", "config": {"iterations": 16}}"#
        if size == .full {
            let tensors = try BigVGAN.randomTensors(configuration: .v2_22kHz80Band256x, seed: seed &+ 3)
            try SafeTensors.write(tensors, to: folder.appendingPathComponent("vocoder.safetensors"))
            let config = try JSONValueEncoder().encodeText(BigVGANConfiguration.v2_22kHz80Band256x)
            vocoderSection = #"{"kind": "bigvgan", "weights": "vocoder.safetensors", "config": \#(config)}"#
        }
        var audioEncoderSection = ""
        if audioEncoder {
            try SafeTensors.write(try randomAudioEncoder(spec.audioEncoder, seed: seed &+ 4),
                                  to: folder.appendingPathComponent("audio_encoder.safetensors"))
            audioEncoderSection = #",\#n  "audio_encoder": {"weights": "audio_encoder.safetensors", "config": \#(spec.audioEncoder)}"#
        }
        let manifest = """
        {
          "format": "clipsonic-bundle", "version": 1,
          "name": "random-\(size.rawValue)",
          "description": "Random weights at the \(size.rawValue) size, for tests and benchmarks: it makes noise, not sound.",
          "license": "CC0-1.0 (random weights); the CLIP BPE merges file is OpenAI's, MIT licence",
          "audio": \(spec.audio),
          "clip": {"weights": "clip.safetensors", "tokenizer": "\(vocabName)", "text_cleaning": "openai", "config": \(spec.clip)},
          "prior": {"weights": "prior.safetensors", "config": \(spec.prior)},
          "unet": {"weights": "unet.safetensors", "config": \(spec.unet), "schedule": \(spec.schedule)},
          "vocoder": \(vocoderSection)\(audioEncoderSection)
        }
        """
        // Validate what was written the way every reader will, before it is put in place.
        _ = try BundleManifest.parse(data: Data(manifest.utf8), source: folder.appendingPathComponent("bundle.json").path)
        try AtomicFile.replace(folder.appendingPathComponent("bundle.json"), with: Data(manifest.utf8))
    }
}

/// Every tensor of an audio encoder with `configJSON`'s shapes, named as `AudioEncoder` takes them:
/// convolutions and linear layers N(0, 0.2) (wide enough that different mels embed apart),
/// GroupNorm gains 1 and shifts 0. The encoder's strict loader checks the result.
private func randomAudioEncoder(_ configJSON: String, seed: UInt64) throws -> [String: Tensor] {
    let c = try JSONValueDecoder().decode(AudioEncoderConfiguration.self, from: configJSON)
    var rng = SplitMix64(seed: seed)
    var tensors: [String: Tensor] = [:]
    for (i, (cin, cout)) in zip([1] + c.channels.dropLast(), c.channels).enumerated() {
        tensors["blocks.\(i).conv.weight"] = normal([cout, cin, 3, 3], std: 0.2, &rng)
        tensors["blocks.\(i).conv.bias"] = normal([cout], std: 0.2, &rng)
        tensors["blocks.\(i).norm.weight"] = Tensor(shape: [cout], repeating: 1)
        tensors["blocks.\(i).norm.bias"] = Tensor(zeros: [cout])
    }
    let widest = c.channels[c.channels.count - 1]
    tensors["hidden.weight"] = normal([c.hiddenDim, widest], std: 0.2, &rng)
    tensors["hidden.bias"] = normal([c.hiddenDim], std: 0.2, &rng)
    tensors["out.weight"] = normal([c.embedDim, c.hiddenDim], std: 0.2, &rng)
    tensors["out.bias"] = normal([c.embedDim], std: 0.2, &rng)
    return tensors
}

private func normal(_ shape: [Int], std: Float, _ rng: inout SplitMix64) -> Tensor {
    let t = Tensor(zeros: shape)
    rng.fillNormal(t.pointer, count: t.count, std: std)
    return t
}
