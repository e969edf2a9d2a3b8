import Foundation
import Models

/// Samples CLIP image embeddings from a diffusion prior given text embeddings, as dalle2-pytorch
/// 1.1.0's `DiffusionPrior.sample` does: each prompt repeated `candidates` times, DDIM over the
/// reference's timestep grid with η (`p_sample_loop_ddim`), then per prompt the candidate
/// closest (cosine) to the text embedding.
///
/// The prompt tokens' keys and values are computed once per prompt (`PriorPromptCache`), so a
/// step runs the transformer on 3 tokens instead of 81. Classifier-free guidance
/// (`forward_with_cond_scale`: `null + (cond - null) × scale` on the network's prediction) needs a
/// prior with a learned null condition (`PriorConfig.supportsGuidance`); its null prompt is cached
/// the same way. In 1.1.0 the unconditional prediction equals the conditional one (see
/// `DiffusionPriorNetwork`), so for such a prior (LAION's) a scale other than 1 is refused rather
/// than silently ignored. At scale 1 one branch is computed.
///
/// Noise comes from the caller (`noise(shape)` must return standard normal values), drawn in
/// the reference's order: the starting noise [N, dim], then one [N, dim] per step except the last.
public struct PriorSampler: Sendable {
    public let config: PriorConfig
    public let network: DiffusionPriorNetwork
    public let schedule: PriorNoiseSchedule

    public init(config: PriorConfig, network: DiffusionPriorNetwork) throws(PriorError) {
        try config.validate()
        guard config.net == network.config else {
            throw .invalidConfig(field: "net", detail: "differs from the network's config")
        }
        self.config = config
        self.network = network
        schedule = PriorNoiseSchedule(schedule: config.betaSchedule, timesteps: config.timesteps)
    }

    /// Image embeddings for a batch of prompts.
    /// textEmbed: [B, dim] CLIP text embeddings (L2-normalised, as the CLIP adapter gives them);
    /// textEncodings: [B, L, dim] CLIP text-encoder output with padding rows zeroed, or nil.
    /// `progress(done, total)` runs after each step; returning false stops with `.cancelled`.
    public func sample(textEmbed: Tensor, textEncodings: Tensor?, options: PriorSamplingOptions = .init(),
                       noise: (_ shape: [Int]) -> Tensor,
                       progress: ((_ done: Int, _ total: Int) -> Bool)? = nil) throws(PriorError) -> PriorSample {
        guard options.candidates >= 1 else {
            throw .invalidSampling(detail: "candidates must be at least 1, found \(options.candidates)")
        }
        let prompt = try network.encodePrompt(textEmbed: textEmbed, textEncodings: encodings(textEncodings))
        let b = prompt.batch, r = options.candidates, dim = config.imageEmbedDim
        let raw = try ddim(prompt: prompt.repeated(each: r), options: options, noise: noise, progress: progress)
        // Back to CLIP scale, then the candidate with the highest cosine similarity per prompt.
        let candidates = raw * (1 / config.effectiveImageEmbedScale)
        let best = Tensor(zeros: [b, dim])
        var similarities: [[Float]] = [], chosen: [Int] = []
        for bi in 0..<b {
            let text = Self.normalized(textEmbed.pointer + bi * dim, count: dim)
            var sims: [Float] = []
            for ri in 0..<r {
                let image = Self.normalized(candidates.pointer + (bi * r + ri) * dim, count: dim)
                sims.append(zip(text, image).reduce(0) { $0 + $1.0 * $1.1 })
            }
            let k = sims.indices.max { sims[$0] < sims[$1] || (sims[$0] == sims[$1] && $0 > $1) } ?? 0
            (best.pointer + bi * dim).update(from: candidates.pointer + (bi * r + k) * dim, count: dim)
            similarities.append(sims)
            chosen.append(k)
        }
        return PriorSample(embeddings: best, candidates: candidates.reshaped([b, r, dim]),
                           similarities: similarities, chosen: chosen)
    }

    /// `p_sample_loop_ddim` for one row per cached prompt row: returns the final embeddings at
    /// the diffusion's scale (× sqrt(dim)). [N, dim]
    public func ddim(prompt: PriorPromptCache, options: PriorSamplingOptions, noise: (_ shape: [Int]) -> Tensor,
                     progress: ((_ done: Int, _ total: Int) -> Bool)? = nil) throws(PriorError) -> Tensor {
        let steps = options.steps ?? config.sampleTimesteps ?? PriorConfig.defaultSampleSteps
        guard (1..<config.timesteps).contains(steps) else {
            throw .invalidSampling(detail: "steps must be in 1..<\(config.timesteps) for DDIM, found \(steps)")
        }
        guard options.eta >= 0 else { throw .invalidSampling(detail: "eta must be >= 0, found \(options.eta)") }
        let guided = options.condScale != 1
        if guided && !config.supportsGuidance { throw .guidanceUnavailable(condScale: options.condScale) }
        let n = prompt.batch, dim = config.imageEmbedDim, shape = [n, dim]
        let nullPrompt = guided ? try network.encodeNullPrompt(batch: n) : nil
        let condScale = options.condScale
        let scale = config.effectiveImageEmbedScale
        let s = schedule
        var x = try drawn(noise, shape)
        if config.initImageEmbedL2Norm { x = Self.l2Normalized(x) * scale }

        let times = s.ddimTimes(steps: steps)
        for (i, (time, next)) in zip(times.dropLast(), times.dropFirst()).enumerated() {
            let alpha = s.alphasCumprodPrev[time], alphaNext = s.alphasCumprodPrev[next]
            let timesteps = Array(repeating: time, count: n)
            var pred = try network.forward(imageEmbed: x, timesteps: timesteps, prompt: prompt)
            if let nullPrompt {
                let null = try network.forward(imageEmbed: x, timesteps: timesteps, prompt: nullPrompt)
                pred = Ops.broadcast(pred, null) { c, u in u + (c - u) * condScale }
            }
            let recip = s.sqrtRecipAlphasCumprod[time], recipm1 = s.sqrtRecipm1AlphasCumprod[time]
            var xStart: Tensor, predNoise: Tensor
            if config.predictXStart {
                xStart = pred
                predNoise = Ops.broadcast(x, pred) { xv, p in (recip * xv - p) / recipm1 }
                if config.samplingClampL2Norm { xStart = Self.l2Normalized(xStart) * scale }
            } else {
                xStart = Ops.broadcast(x, pred) { xv, p in Swift.min(Swift.max(recip * xv - recipm1 * p, -1), 1) }
                predNoise = pred
            }
            let c1 = options.eta * ((1 - alpha / alphaNext) * (1 - alphaNext) / (1 - alpha)).squareRoot()
            let c2 = ((1 - alphaNext) - c1 * c1).squareRoot()
            let rootNext = alphaNext.squareRoot()
            // The reference draws no noise for the last step (its c1 is 0 there anyway).
            let z = next > 0 ? try drawn(noise, shape) : Tensor(zeros: shape)
            let step = Tensor(zeros: shape)
            for j in 0..<step.count {
                step.pointer[j] = xStart.pointer[j] * rootNext + c1 * z.pointer[j] + c2 * predNoise.pointer[j]
            }
            x = step
            if let progress, !progress(i + 1, steps) { throw .cancelled }
        }
        if config.predictXStart && config.samplingFinalClampL2Norm { x = Self.l2Normalized(x) * scale }
        return x
    }

    /// Without text-encoding conditioning, 1.1.0 feeds none: every position takes its null embedding.
    private func encodings(_ e: Tensor?) -> Tensor? { config.conditionOnTextEncodings ? e : nil }

    private func drawn(_ noise: (_ shape: [Int]) -> Tensor, _ shape: [Int]) throws(PriorError) -> Tensor {
        let z = noise(shape)
        guard z.shape == shape else { throw .invalidInput(name: "noise", found: z.shape, expected: "\(shape)") }
        return z
    }

    /// `F.normalize(x, dim = -1)`: rows divided by max(‖row‖, 1e-12). x: [N, D]
    static func l2Normalized(_ x: Tensor) -> Tensor {
        let d = x.shape[x.rank - 1], rows = x.count / d
        let y = Tensor(zeros: x.shape)
        for r in 0..<rows {
            let v = normalized(x.pointer + r * d, count: d)
            (y.pointer + r * d).update(from: v, count: d)
        }
        return y
    }

    static func normalized(_ p: UnsafePointer<Float>, count d: Int) -> [Float] {
        var sq: Float = 0
        for j in 0..<d { sq += p[j] * p[j] }
        let norm = Swift.max(sq.squareRoot(), 1e-12)
        return (0..<d).map { p[$0] / norm }
    }
}
