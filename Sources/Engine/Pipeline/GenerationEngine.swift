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
    /// The prior at float32 and, once a request asks, float16 (`prior-weights`).
    let priors: PriorWidths?
    var prior: PriorSampler? { priors?.full }
    let unet: UNet
    let schedule: SchedulerConfiguration
    let vocoder: Vocoder
    /// The bundle's optional audio encoder (a mel into CLIP space); nil when it has none.
    public let audioEncoder: AudioEncoder?
    private let bundleHash: BundleHashCache
    /// How `from-audio` sounds are read; set by the front end (the engine links no audio codec).
    public var audioReader: AudioReader?
    /// Report a long take's settled audio window by window (`GenerationEvent.audio`); costs one
    /// more vocoder pass over the take, so only a front end that plays as it goes asks for it.
    public var streamsAudio = false
    public var audio: BundleAudioConfig { bundle.manifest.audio }
    public var hasPrior: Bool { prior != nil }
    /// Whether prior guidance other than 1 can be used: the bundle's prior has a learned null condition.
    public var priorGuidanceSupported: Bool { prior?.config.supportsGuidance ?? false }

    /// Bytes available to new allocations, and where the figure comes from; read when the
    /// engine is made and before each take longer than the bundle's window.
    let availableMemory: @Sendable () -> (bytes: Double, source: String)
    let configs: BundleConfigs

    /// Builds every network of the bundle (weights memory-mapped); a bad bundle fails here,
    /// naming the file and the tensor, not in the middle of a generation. Every config is
    /// decoded and range-checked first, and the memory the networks need is estimated from them:
    /// a bundle that does not fit `availableMemory` is refused before anything is allocated.
    /// hashStore: where the bundle's content hash is kept between runs (the front ends pass
    /// `BundleHashStore.standard()`); nil hashes it once per engine.
    public init(bundle: ModelBundle,
                availableMemory: @escaping @Sendable () -> (bytes: Double, source: String) = AvailableMemory.current,
                hashStore: BundleHashStore? = nil) throws {
        self.bundle = bundle
        bundleHash = BundleHashCache(store: hashStore)
        self.availableMemory = availableMemory
        let configs = try BundleConfigs(manifest: bundle.manifest)
        self.configs = configs
        try Self.checkDimensions(configs, bundle: bundle.displayName)
        try Self.checkMemory(MemoryEstimate(configs, frames: configs.audio.frames), weightsLoaded: false,
                             what: "bundle \(bundle.displayName)", available: availableMemory())
        let clip = try CLIPModel.load(from: bundle, config: configs.clip, settings: configs.clipSettings)
        encoder = ConditionEncoder(model: clip.model, tokenizer: clip.tokenizer, preprocessor: clip.preprocessor)
        if let config = configs.prior {
            let network = try DiffusionPriorNetwork(weights: try PriorWeights(config: config.net,
                                                                              safetensors: try bundle.weights(.prior)))
            priors = PriorWidths(try PriorSampler(config: config, network: network), availableMemory: availableMemory)
        } else {
            priors = nil
        }
        let binder = try bundle.binder(.unet)
        unet = try UNet(configuration: configs.unet, weights: binder)
        try binder.finish()
        schedule = configs.schedule
        vocoder = try Vocoder.load(from: bundle, config: configs.vocoder)
        audioEncoder = try Self.loadAudioEncoder(from: bundle, config: configs.audioEncoder)
        // Building read every weight (checks, conversions); a take reads only what it uses, so
        // those pages come back as it does, and the rest (a text take never reads the CLIP
        // picture tower) stays out of memory.
        bundle.releaseResidentPages()
    }

    public convenience init(bundleAt url: URL, hashStore: BundleHashStore? = nil) throws {
        try self.init(bundle: try ModelBundle.open(at: url), hashStore: hashStore)
    }

    /// The widths the networks pass between them agree; checked on the configs, before any
    /// weights are read, so that the message names the fields rather than a tensor.
    private static func checkDimensions(_ configs: BundleConfigs, bundle: String) throws {
        let d = configs.clip.projectionDim
        guard configs.unet.clipDim == d else {
            throw EngineError.network("bundle \(bundle): unet.config.clip_dim is \(configs.unet.clipDim) but CLIP's projection is \(d) wide")
        }
        if let prior = configs.prior, prior.imageEmbedDim != d {
            throw EngineError.network("bundle \(bundle): the prior makes \(prior.imageEmbedDim)-wide embeddings but CLIP's are \(d) wide")
        }
        guard configs.unet.nMels == configs.audio.nMels else {
            throw EngineError.network("bundle \(bundle): unet.config.n_mels is \(configs.unet.nMels) but audio.n_mels is \(configs.audio.nMels)")
        }
        if let encoder = configs.audioEncoder {
            guard encoder.embedDim == d else {
                throw EngineError.network("bundle \(bundle): audio_encoder.config.embed_dim is \(encoder.embedDim) but CLIP's projection is \(d) wide")
            }
            guard encoder.nMels == configs.audio.nMels else {
                throw EngineError.network("bundle \(bundle): audio_encoder.config.n_mels is \(encoder.nMels) but audio.n_mels is \(configs.audio.nMels)")
            }
        }
    }

    /// Mel frames for a duration in seconds (the bundle's native length when nil).
    public func frames(for duration: Double?) -> Int {
        guard let duration else { return audio.frames }
        return Int((duration * Double(audio.sampleRate) / Double(audio.hop)).rounded(.up))
    }

    /// SHA-256 of bundle.json and the files it names (computed once), as take recipes record it.
    public var contentHash: String? { bundleHash.hash(of: bundle) }

    /// The bundle's window, in seconds.
    public var nativeDuration: Double { Double(audio.frames * audio.hop) / Double(audio.sampleRate) }


    /// Checks a request against the parameter table and this bundle before any work starts.
    public func validate(_ request: GenerationRequest, modes: [ConditioningMode]) throws {
        do { try request.validate(modes: modes) } catch { throw EngineError.invalidRequest(error.description) }
        // An ODE solver never visits t = 0, so it has one step fewer to spread over than DDPM/DDIM.
        let maximumSteps = request.sampler == .dpmSolverPP ? schedule.trainSteps - 1 : schedule.trainSteps
        if request.steps > maximumSteps {
            throw EngineError.invalidRequest("steps must be at most \(maximumSteps) with the \(request.sampler.rawValue) sampler on this bundle (trained with \(schedule.trainSteps) diffusion steps), found \(request.steps)")
        }
        try checkMemory(forFrames: frames(for: request.duration))
        for mode in modes where (mode == .prior || mode == .mix) && prior == nil {
            throw EngineError.missingComponent(bundle: bundle.displayName, component: "prior", needed: "\(mode.rawValue) mode")
        }
        if modes.contains(.audio), !hasAudioEncoder {
            throw EngineError.missingComponent(bundle: bundle.displayName, component: "audio encoder", needed: "audio mode")
        }
        if let negative = request.negativePrompt, !negative.isEmpty, prior == nil,
           modes.contains(where: { $0 != .zeroShot }), NegativeCondition.method != .replacingUnconditionalWithText {
            throw EngineError.invalidRequest("a negative prompt in \(modes.first { $0 != .zeroShot }?.rawValue ?? "image") mode goes through the prior into picture space, and bundle \(bundle.manifest.name) has no prior: leave out the negative, or use zero-shot mode")
        }
        if request.precision == .bfloat16, !ComputePrecision.bfloat16IsNative {
            throw EngineError.invalidRequest("precision bfloat16 needs a CPU with AMX or AVX512_BF16, and oneDNN found neither on this one (or DNNL_MAX_CPU_ISA caps it): use precision float32")
        }
        let usesPrior = modes.contains { $0 == .prior || $0 == .mix }
        if usesPrior, request.priorGuidanceScale != 1, !priorGuidanceSupported {
            throw EngineError.invalidRequest("prior-guidance must be 1 with bundle \(bundle.manifest.name): its prior has no learned null condition, so guidance cannot change it")
        }
    }

    /// Said to a bfloat16 request on a CPU whose bfloat16 kernels have no AMX (the request runs as asked).
    static let slowBFloat16Notice = "precision bfloat16 runs here on AVX512_BF16 kernels without AMX, which are slower than float32 on this CPU (a full-size step about 3x slower): use precision float32 for speed"

    /// Generates one take per mode in `modes` (default: the request's mode), all from the
    /// request's seed, so an A/B pair is `[.prior, .zeroShot]` with the same starting noise.
    public func generate(_ request: GenerationRequest, modes: [ConditioningMode]? = nil,
                         control: GenerationControl = GenerationControl(),
                         onEvent: (GenerationEvent) -> Void = { _ in }) throws -> [GeneratedTake] {
        let modes = modes ?? [request.mode]
        try validate(request, modes: modes)
        var encodeTime = 0.0
        // Encoding, shared by every take of the request.
        let needsText = modes.contains { $0 != .image && $0 != .audio } || request.negativePrompt != nil
        let needsImage = modes.contains { $0 == .image || $0 == .mix }
        let needsSound = modes.contains(.audio)
        onEvent(.stage(.encoding, mode: modes[0]))
        if needsText, let notice = encoder.truncationNotice(request.prompt, what: "prompt") { onEvent(.notice(notice)) }
        if let negative = request.negativePrompt, let notice = encoder.truncationNotice(negative, what: "negative prompt") {
            onEvent(.notice(notice))
        }
        if request.precision == .bfloat16, !ComputePrecision.bfloat16HasMatrixUnits {
            onEvent(.notice(Self.slowBFloat16Notice))
        }
        var text: (embedding: Tensor, encodings: Tensor)?
        var image: Tensor?
        var sound: Tensor?
        var negativeText: (embedding: Tensor, encodings: Tensor)?
        encodeTime += try timed {
            if needsText && !request.prompt.isEmpty { text = try encoder.encode(text: request.prompt) }
            if needsImage, let path = request.imagePath { image = try encoder.encode(imageAt: path) }
            if needsSound, let path = request.audioPath { sound = try soundEmbedding(path: path, notice: { onEvent(.notice($0)) }) }
            if let neg = request.negativePrompt, !neg.isEmpty { negativeText = try encoder.encode(text: neg) }
        }
        var takes: [GeneratedTake] = []
        var priorEmbedding: Tensor?
        var negativePriorEmbedding: Tensor?
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
                case .audio:
                    condition = try unwrap(sound)
                case .prior, .mix:
                    onEvent(.stage(.prior, mode: mode))
                    if priorEmbedding == nil {
                        timings.prior = try timed { priorEmbedding = try samplePrior(request, text: try unwrap(text), control: control) }
                    }
                    let p = try unwrap(priorEmbedding)
                    try Self.checkFinite(p, stage: "prior")
                    condition = mode == .prior ? p : Self.mix(p, try unwrap(image), weight: request.imageWeight)
                }
                // The negative, in the condition's space (NegativeCondition): its text embedding
                // for zero-shot, its prior-made picture embedding (made once) for the other modes.
                var steered = condition
                var negativeUnconditional: Tensor?  // only the evaluation's way before
                if let negativeText {
                    let n: Tensor
                    if mode == .zeroShot || NegativeCondition.method == .replacingUnconditionalWithText {
                        n = negativeText.embedding
                    } else {
                        if negativePriorEmbedding == nil {
                            onEvent(.stage(.prior, mode: mode))
                            timings.prior += try timed {
                                negativePriorEmbedding = try samplePrior(request, text: negativeText, control: control)
                            }
                        }
                        n = try unwrap(negativePriorEmbedding)
                        try Self.checkFinite(n, stage: "prior (the negative prompt)")
                    }
                    switch NegativeCondition.method {
                    case .turningTheCondition: steered = NegativeCondition.turn(condition, awayFrom: n, strength: request.negativeStrength)
                    case .replacingUnconditionalWithText: negativeUnconditional = n
                    }
                }
                onEvent(.stage(.denoising, mode: mode))
                bundle.releaseResidentPages()  // the encoders' and the prior's: see the next comment
                var denoised = DenoisedTake(mel: Tensor(zeros: [0]))
                // The request's precision covers the U-Net and the vocoder (also the part-wise
                // vocoding inside a long take's denoising), not the encoders or the scoring.
                timings.denoising = try timed {
                    denoised = try ComputePrecision.$current.withValue(request.precision) {
                        try denoise(request, condition: steered, negative: negativeUnconditional, mode: mode,
                                    control: control, onEvent: onEvent)
                    }
                }
                let mel = denoised.mel
                try Self.checkFinite(mel, stage: "denoising (the mel)")
                // The take heard against what it was asked for: the condition before any
                // negative turned it, since the negative is a means and the query the aim.
                var score: Float?
                if hasAudioEncoder { timings.scoring = try timed { score = try self.score(mel: mel, query: condition) } }
                onEvent(.stage(.vocoding, mode: mode))
                // Each stage reads its own network's weights, memory-mapped from the bundle; the
                // pages one stage read stay resident unless handed back, so a full-size take held
                // CLIP, the prior, the U-Net and the vocoder at once (bench/README.md: a
                // full-size bfloat16 take's peak went from 4.5 to 2.8 GB, and to 2.1 GB with
                // loading handing back each checked tensor). A stage that reads them again gets
                // them from the page cache. The U-Net's working memory goes too: its packed
                // convolution weights (oneDNN's or the engine's own Winograd weights are 4x the
                // 3x3 weights: 1.2 GB at full size), the shared workspace and the idle activation
                // buffers; its plans stay, and the next take makes the rest again in a fraction of
                // a step.
                bundle.releaseResidentPages()
                unet.releaseWorkingMemory()
                var wave: [Float] = []
                if let partwise = denoised.waveform {
                    // Vocoded part by part while the windows were made: counted as vocoding.
                    wave = partwise
                    timings.denoising -= denoised.vocodingSeconds
                    timings.vocoding = denoised.vocodingSeconds
                } else {
                    timings.vocoding = try timed {
                        wave = try ComputePrecision.$current.withValue(request.precision) {
                            request.loop ? try loopWaveform(mel) : try vocoder.waveform(mel)
                        }
                    }
                }
                if let i = FiniteCheck.firstNonFinite(wave) { throw EngineError.nonFinite(stage: "vocoder", index: i) }
                if let d = request.duration, !request.loop {
                    let samples = Int((d * Double(audio.sampleRate)).rounded())
                    if wave.count > samples { wave.removeLast(wave.count - samples) }
                }
                Self.limitPeak(&wave)
                let similarity = text.map { Self.cosine($0.embedding, condition) }
                var made = request
                made.mode = mode
                var recipe = TakeRecipe(request: made, bundle: bundle.manifest.name, bundleHash: bundleHash.hash(of: bundle))
                recipe.score = score.flatMap { $0.isFinite ? $0 : nil }
                let take = GeneratedTake(recipe: recipe, mel: mel, waveform: wave,
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

    func samplePrior(_ request: GenerationRequest, text: (embedding: Tensor, encodings: Tensor),
                             control: GenerationControl) throws -> Tensor {
        guard let priors else { throw EngineError.missingComponent(bundle: bundle.displayName, component: "prior", needed: "prior mode") }
        let prior = try priors.sampler(request.priorWeights)
        // The prompt and the negative draw the same noise, so the difference of their
        // embeddings is the difference of their texts, not of two random draws.
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

    static func checkFinite(_ tensor: Tensor, stage: String) throws {
        if let i = FiniteCheck.firstNonFinite(tensor) { throw EngineError.nonFinite(stage: stage, index: i) }
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
