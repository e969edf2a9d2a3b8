import Dispatch
import Foundation
import Models

/// Loads one bundle's networks once and turns requests into takes:
/// prompt → tokens → CLIP text embedding → (prior → image embedding | the text embedding itself)
/// or picture → CLIP image embedding → guided sampling → mel → vocoder → waveform.
///
/// `generate` runs synchronously on the caller's thread and reports through `onEvent`; run it
/// off the UI thread. `control` stops the request (or skips the current take) within one step.
public final class GenerationEngine: @unchecked Sendable {
    public let bundle: ModelBundle
    let encoder: ConditionEncoder
    let prior: PriorSampler?
    let unet: UNet
    let schedule: SchedulerConfiguration
    let vocoder: Vocoder
    public var audio: BundleAudioConfig { bundle.manifest.audio }
    public var hasPrior: Bool { prior != nil }
    /// Whether prior guidance other than 1 can be used: the bundle's prior has a learned null condition.
    public var priorGuidanceSupported: Bool { prior?.config.supportsGuidance ?? false }

    /// Builds every network of the bundle (weights memory-mapped); a bad bundle fails here,
    /// naming the file and the tensor, not in the middle of a generation.
    public init(bundle: ModelBundle) throws {
        self.bundle = bundle
        let clip = try CLIPModel.load(from: bundle)
        encoder = ConditionEncoder(model: clip.model, tokenizer: clip.tokenizer, preprocessor: clip.preprocessor)
        if let section = bundle.manifest.prior {
            let config = try section.decodeConfig(PriorConfig.self)
            let network = try DiffusionPriorNetwork(weights: try PriorWeights(config: config.net,
                                                                              safetensors: try bundle.weights(.prior)))
            prior = try PriorSampler(config: config, network: network)
        } else {
            prior = nil
        }
        let unetSection = bundle.manifest.unet
        let binder = try bundle.binder(.unet)
        unet = try UNet(configuration: try unetSection.decodeConfig(UNetConfiguration.self), weights: binder)
        try binder.finish()
        schedule = try unetSection.decode(SchedulerConfiguration.self, field: "schedule")
        vocoder = try Vocoder.load(from: bundle)
        try checkDimensions()
    }

    public convenience init(bundleAt url: URL) throws {
        try self.init(bundle: try ModelBundle.open(at: url))
    }

    private func checkDimensions() throws {
        let d = encoder.model.config.projectionDim
        guard unet.configuration.clipDim == d else {
            throw EngineError.network("bundle \(bundle.displayName): unet.config.clip_dim is \(unet.configuration.clipDim) but CLIP's projection is \(d) wide")
        }
        if let prior, prior.config.imageEmbedDim != d {
            throw EngineError.network("bundle \(bundle.displayName): the prior makes \(prior.config.imageEmbedDim)-wide embeddings but CLIP's are \(d) wide")
        }
        guard unet.configuration.nMels == audio.nMels else {
            throw EngineError.network("bundle \(bundle.displayName): unet.config.n_mels is \(unet.configuration.nMels) but audio.n_mels is \(audio.nMels)")
        }
    }

    /// Mel frames for a duration in seconds (the bundle's native length when nil).
    public func frames(for duration: Double?) -> Int {
        guard let duration else { return audio.frames }
        return Int((duration * Double(audio.sampleRate) / Double(audio.hop)).rounded(.up))
    }

    /// Checks a request against this bundle before any work starts.
    public func validate(_ request: GenerationRequest, modes: [ConditioningMode]) throws {
        guard request.steps >= 1 && request.steps <= 1000 else {
            throw EngineError.invalidRequest("steps must be between 1 and 1000, found \(request.steps)")
        }
        guard request.guidanceScale.isFinite && request.guidanceScale >= 0 && request.guidanceScale <= 50 else {
            throw EngineError.invalidRequest("guidance must be between 0 and 50, found \(request.guidanceScale)")
        }
        guard (0...1).contains(request.imageWeight) else {
            throw EngineError.invalidRequest("image weight must be between 0 and 1, found \(request.imageWeight)")
        }
        if let d = request.duration {
            let maxSeconds = Double(audio.frames * 4 * audio.hop) / Double(audio.sampleRate)
            guard d.isFinite && d >= 0.25 && d <= maxSeconds else {
                throw EngineError.invalidRequest(String(format: "duration must be between 0.25 and %.1f s for this bundle, found %g", maxSeconds, d))
            }
        }
        for mode in modes {
            switch mode {
            case .zeroShot, .prior:
                if request.prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw EngineError.invalidRequest("\(mode.rawValue) mode needs a prompt")
                }
            case .image:
                if request.imagePath == nil { throw EngineError.invalidRequest("image mode needs a picture (--image PATH)") }
            case .mix:
                if request.imagePath == nil || request.prompt.isEmpty {
                    throw EngineError.invalidRequest("mix mode needs both a prompt and a picture")
                }
            }
            if (mode == .prior || mode == .mix) && prior == nil {
                throw EngineError.missingComponent(bundle: bundle.displayName, component: "prior", needed: "\(mode.rawValue) mode")
            }
        }
    }

    /// Generates one take per mode in `modes` (default: the request's mode), all from the
    /// request's seed, so an A/B pair is `[.prior, .zeroShot]` with the same starting noise.
    public func generate(_ request: GenerationRequest, modes: [ConditioningMode]? = nil,
                         control: GenerationControl = GenerationControl(),
                         onEvent: (GenerationEvent) -> Void = { _ in }) throws -> [GeneratedTake] {
        let modes = modes ?? [request.mode]
        try validate(request, modes: modes)
        var encodeTime = 0.0
        // Encoding, shared by every take of the request.
        let needsText = modes.contains { $0 != .image } || request.negativePrompt != nil
        let needsImage = modes.contains { $0 == .image || $0 == .mix }
        onEvent(.stage(.encoding, mode: modes[0]))
        var text: (embedding: Tensor, encodings: Tensor)?
        var image: Tensor?
        var negative: Tensor?
        encodeTime += try timed {
            if needsText && !request.prompt.isEmpty { text = try encoder.encode(text: request.prompt) }
            if needsImage, let path = request.imagePath { image = try encoder.encode(imageAt: path) }
            if let neg = request.negativePrompt, !neg.isEmpty { negative = try encoder.encode(text: neg).embedding }
        }
        var takes: [GeneratedTake] = []
        var priorEmbedding: Tensor?
        for mode in modes {
            if control.isStopped { onEvent(.cancelled); return takes }
            var timings = StageTimings(encoding: encodeTime)
            do {
                let condition: Tensor
                switch mode {
                case .zeroShot:
                    condition = try unwrap(text).embedding
                case .image:
                    condition = try unwrap(image)
                case .prior, .mix:
                    onEvent(.stage(.prior, mode: mode))
                    if priorEmbedding == nil {
                        timings.prior = try timed { priorEmbedding = try samplePrior(request, text: try unwrap(text), control: control) }
                    }
                    let p = try unwrap(priorEmbedding)
                    condition = mode == .prior ? p : Self.mix(p, try unwrap(image), weight: request.imageWeight)
                }
                onEvent(.stage(.denoising, mode: mode))
                var mel = Tensor(zeros: [0])
                timings.denoising = try timed {
                    mel = try denoise(request, condition: condition, negative: negative, mode: mode,
                                      control: control, onEvent: onEvent)
                }
                onEvent(.stage(.vocoding, mode: mode))
                var wave: [Float] = []
                timings.vocoding = try timed { wave = try vocoder.waveform(mel) }
                if let d = request.duration {
                    let samples = Int((d * Double(audio.sampleRate)).rounded())
                    if wave.count > samples { wave.removeLast(wave.count - samples) }
                }
                Self.limitPeak(&wave)
                let similarity = text.map { Self.cosine($0.embedding, condition) }
                let take = GeneratedTake(request: request, mode: mode, mel: mel, waveform: wave,
                                         sampleRate: audio.sampleRate, timings: timings, textSimilarity: similarity)
                takes.append(take)
                onEvent(.finished(take))
            } catch let error as DenoisingError {
                _ = error
                if control.isStopped { onEvent(.cancelled); return takes }
                continue  // skipped: go on with the next mode
            } catch let error as PriorError {
                if control.isStopped { onEvent(.cancelled); return takes }
                if case .cancelled = error { continue }
                throw EngineError.network("prior: \(error)")
            }
        }
        return takes
    }

    private func samplePrior(_ request: GenerationRequest, text: (embedding: Tensor, encodings: Tensor),
                             control: GenerationControl) throws -> Tensor {
        guard let prior else { throw EngineError.missingComponent(bundle: bundle.displayName, component: "prior", needed: "prior mode") }
        var rng = TorchRandomSource(seed: request.seed)
        // The sampler refuses a scale other than 1 for a prior without a learned null condition
        // (LAION's 1.1.0 prior), rather than this quietly running at 1.
        let options = PriorSamplingOptions(condScale: request.priorGuidanceScale, candidates: max(1, request.priorCandidates))
        let sample = try prior.sample(textEmbed: text.embedding,
                                      textEncodings: prior.config.conditionOnTextEncodings ? text.encodings : nil,
                                      options: options, noise: { rng.normalTensor(shape: $0) },
                                      progress: { _, _ in control.take() == .none })
        return Self.normalized(sample.embeddings)
    }

    private func denoise(_ request: GenerationRequest, condition: Tensor, negative: Tensor?, mode: ConditioningMode,
                         control: GenerationControl, onEvent: (GenerationEvent) -> Void) throws -> Tensor {
        let frames = frames(for: request.duration)
        // torch.manual_seed(seed); torch.randn(1, 1, n_mels, frames): the same noise as PyTorch.
        var rng = TorchRandomSource(seed: request.seed)
        let noise = rng.normalTensor(shape: [1, unet.configuration.inChannels, audio.nMels, frames])
        let scheduler = request.sampler.makeScheduler(configuration: schedule, stepCount: request.steps,
                                                      random: rng)
        let guidance = ClassifierFreeGuidance(scale: request.guidanceScale,
                                              unconditional: negative ?? unet.nullEmbedding.reshaped([1, -1]))
        let x = try DenoisingLoop.run(denoiser: unet, scheduler: scheduler, initialNoise: noise,
                                      embedding: condition, guidance: guidance) { step in
            let preview = step.predictedOriginal.reshaped([audio.nMels, frames])
            onEvent(.step(index: step.index, of: step.count, mode: mode, preview: preview))
            return control.take() == .none
        }
        return x.reshaped([audio.nMels, frames])
    }

    private func unwrap<T>(_ value: T?) throws -> T {
        guard let value else { throw EngineError.invalidRequest("a condition this mode needs is missing") }
        return value
    }

    private func timed(_ body: () throws -> Void) throws -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    /// A vocoder can overshoot full scale on an unusual mel; rather than clip (harsh, and
    /// unrecoverable once written as 16-bit), scale the take down to a -1 dBFS peak.
    static func limitPeak(_ wave: inout [Float]) {
        var peak: Float = 0
        for v in wave { peak = max(peak, abs(v)) }
        guard peak > 0.999 else { return }
        let gain = 0.891 / peak
        for i in wave.indices { wave[i] *= gain }
    }

    static func normalized(_ x: Tensor) -> Tensor {
        let d = x.dim(-1), rows = x.count / d
        let y = x.copy()
        for r in 0..<rows {
            let p = y.pointer + r * d
            var s: Float = 0
            for i in 0..<d { s += p[i] * p[i] }
            let inv = 1 / max(s.squareRoot(), 1e-12)
            for i in 0..<d { p[i] *= inv }
        }
        return y
    }

    /// Normalised weighted mix of two embeddings [1, D].
    static func mix(_ a: Tensor, _ b: Tensor, weight: Float) -> Tensor {
        normalized(Ops.add(Ops.scale(a, 1 - weight), Ops.scale(b, weight)))
    }

    static func cosine(_ a: Tensor, _ b: Tensor) -> Float {
        let na = normalized(a), nb = normalized(b)
        var s: Float = 0
        for i in 0..<min(na.count, nb.count) { s += na.pointer[i] * nb.pointer[i] }
        return s
    }
}
