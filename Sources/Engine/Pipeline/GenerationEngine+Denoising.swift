import Foundation
import Models

/// The four ways a mel is denoised: one window (the native take or shorter), a long take window
/// by window, a variation of a given sound (SDEdit), and a seamless loop.
extension GenerationEngine {
    func denoise(_ request: GenerationRequest, condition: Tensor, negative: Tensor?, mode: ConditioningMode,
                 control: GenerationControl, onEvent: (GenerationEvent) -> Void) throws -> DenoisedTake {
        let guidance = ClassifierFreeGuidance(scale: request.guidanceScale,
                                              unconditional: negative ?? unet.nullEmbedding.reshaped([1, -1]))
        var source: Tensor?
        if let path = request.sourceAudio, request.strength < 1 {
            // A variation is as long as its source (or the duration asked for), at most one window.
            source = try SourceAudio.mel(path: path, reader: audioReader, audio: audio,
                                         maxFrames: request.duration.map(frames(for:)).map { min($0, audio.frames) } ?? audio.frames,
                                         notice: { onEvent(.notice($0)) })
        }
        let total = source?.dim(1) ?? frames(for: request.duration)
        let plan = WindowPlan(totalFrames: total, window: audio.frames, circular: request.loop,
                              sizeMultiple: unet.configuration.sizeMultiple)
        let run = WindowRun(request: request, mode: mode, condition: condition, guidance: guidance,
                            windows: plan.starts.count, control: control)
        if let source {
            return DenoisedTake(mel: try vary(source, run: run, onEvent: onEvent))
        }
        // CLIPSONIC_LONG_TAKES=stretch runs the U-Net on the whole length at once, as the engine did
        // before continuation: kept only so the evaluation can compare the two.
        let stretch = ProcessInfo.processInfo.environment["CLIPSONIC_LONG_TAKES"] == "stretch"
        if plan.starts.count == 1 || stretch {
            var rng = TorchRandomSource(seed: request.seed)
            // torch.manual_seed(seed); torch.randn(1, 1, n_mels, frames): the same noise as PyTorch.
            let noise = rng.normalTensor(shape: [1, unet.configuration.inChannels, audio.nMels, total])
            let scheduler = request.sampler.makeScheduler(configuration: schedule, stepCount: request.steps, random: rng)
            let denoiser: any Denoiser = request.loop ? RollingDenoiser(unet) : unet
            return DenoisedTake(mel: try run.window(0, denoiser: denoiser, scheduler: scheduler, noise: noise, onEvent: onEvent))
        }
        return try continuation(plan, run: run, onEvent: onEvent)
    }

    /// Window by window: each window after the first keeps its first `overlap` frames at the
    /// previous window's values, noised to the current step's level after every step (the
    /// replacement method of RePaint, Lugmayr et al. 2022, without resampling), and the overlap
    /// is crossfaded from the old frames to the new ones at the end. A loop's last window also
    /// holds the frames after its wrap to the take's first frames (see `WindowPlan`).
    private func continuation(_ plan: WindowPlan, run: WindowRun, onEvent: (GenerationEvent) -> Void) throws -> DenoisedTake {
        let nMels = audio.nMels, o = plan.overlap, last = plan.starts.count - 1
        let width = plan.starts[last] + plan.width(last)
        let mel = Tensor(zeros: [nMels, width])
        var waveform = PartwiseWaveform(), streamGain: Float = 1
        for (k, start) in plan.starts.enumerated() {
            // Window 0 draws exactly the noise of a native take with this seed; later windows
            // draw from streams of their own, so no two share noise.
            var rng = TorchRandomSource(seed: k == 0 ? run.request.seed : run.request.seed ^ (UInt64(k) &* 0x9E37_79B9_7F4A_7C15))
            let w = plan.width(k)
            let noise = rng.normalTensor(shape: [1, unet.configuration.inChannels, nMels, w])
            var held: [(offset: Int, known: Tensor, noise: Tensor)] = []
            if k > 0 { held.append((0, Self.frames(of: mel, from: start, count: o), rng.normalTensor(shape: [nMels, o]))) }
            if let wrap = plan.wrap(k) { held.append((wrap, Self.frames(of: mel, from: 0, count: o), rng.normalTensor(shape: [nMels, o]))) }
            let scheduler = run.request.sampler.makeScheduler(configuration: schedule, stepCount: run.request.steps, random: rng)
            let alphaBar = scheduler.noiseSchedule
            let constrain: StepConstraint? = held.isEmpty ? nil : StepConstraint { x, t in
                let a = Float(alphaBar.alphaBar(t))
                let (sa, sn) = (a.squareRoot(), (1 - a).squareRoot())
                let y = x.copy()
                for region in held {
                    for m in 0..<nMels {
                        let row = y.pointer + m * w + region.offset
                        let kr = region.known.pointer + m * o, nr = region.noise.pointer + m * o
                        for j in 0..<o { row[j] = sa * kr[j] + sn * nr[j] }
                    }
                }
                return y
            }
            let x = try run.window(k, denoiser: unet, scheduler: scheduler, noise: noise, constrain: constrain, onEvent: onEvent)
                .reshaped([nMels, w])
            // The held frames come back as they were; crossfade them into the window's own
            // continuation over the overlap so the join has no step.
            let kept = plan.kept(k)
            for m in 0..<nMels {
                let dst = mel.pointer + m * width + start, src = x.pointer + m * w
                for j in 0..<kept {
                    if k > 0 && j < o {
                        let fade = (Float(j) + 0.5) / Float(o)
                        dst[j] = dst[j] * (1 - fade) + src[j] * fade
                    } else {
                        dst[j] = src[j]
                    }
                }
            }
            // A loop's start is crossfaded with its end when vocoded, so it is vocoded whole.
            if !run.request.loop, k + 1 < plan.starts.count {
                // Frames before the next window's start will not change again.
                var part = try waveform.add(mel, to: plan.starts[k + 1], madeTo: start + plan.kept(k), hop: audio.hop,
                                            vocoder: vocoder.waveform)
                if let i = FiniteCheck.firstNonFinite(part) {
                    throw EngineError.nonFinite(stage: "vocoder", index: waveform.samples.count - part.count + i)
                }
                if streamsAudio {
                    // The take's peak is not known yet: the gain falls as louder parts come, as
                    // the limiter's would for the take so far.
                    let peak = part.reduce(Float(0)) { max($0, abs($1)) }
                    if peak * streamGain > 0.999 { streamGain = 0.891 / peak }
                    if streamGain != 1 { for i in part.indices { part[i] *= streamGain } }
                    onEvent(.audio(samples: part, start: waveform.samples.count - part.count,
                                   sampleRate: audio.sampleRate, mode: run.mode))
                }
            }
        }
        let made = Self.frames(of: mel, from: 0, count: plan.totalFrames)
        guard !run.request.loop else { return DenoisedTake(mel: made) }
        try Self.checkFinite(made, stage: "denoising (the mel)")
        _ = try waveform.add(made, to: plan.totalFrames, madeTo: plan.totalFrames, hop: audio.hop, vocoder: vocoder.waveform)
        return DenoisedTake(mel: made, waveform: waveform.samples, vocodingSeconds: waveform.vocodingSeconds)
    }

    /// SDEdit (Meng et al. 2022): the source noised to the level of the step that `strength`
    /// names, then denoised from there under the request's condition.
    private func vary(_ source: Tensor, run: WindowRun, onEvent: (GenerationEvent) -> Void) throws -> Tensor {
        let frames = source.dim(1)
        var rng = TorchRandomSource(seed: run.request.seed)
        let noise = rng.normalTensor(shape: [1, unet.configuration.inChannels, audio.nMels, frames])
        let scheduler = run.request.sampler.makeScheduler(configuration: schedule, stepCount: run.request.steps, random: rng)
        let steps = scheduler.timeSteps
        let kept = max(1, Int((Float(steps.count) * run.request.strength).rounded()))
        let startIndex = steps.count - kept
        let a = Float(scheduler.noiseSchedule.alphaBar(steps[startIndex]))
        let start = Tensor(zeros: noise.shape)
        for i in 0..<start.count {
            start.pointer[i] = a.squareRoot() * source.pointer[i] + (1 - a).squareRoot() * noise.pointer[i]
        }
        let denoiser: any Denoiser = run.request.loop ? RollingDenoiser(unet) : unet
        return try run.window(0, denoiser: denoiser, scheduler: scheduler, noise: start, startIndex: startIndex,
                              onEvent: onEvent)
    }

    /// The waveform of a loop mel: vocoded with a few frames of its own other end on each side,
    /// so the vocoder sees the wrap as continuous, then cut to whole frames and the wrap
    /// crossfaded over two frames.
    func loopWaveform(_ mel: Tensor) throws -> [Float] {
        let frames = mel.dim(1), nMels = mel.dim(0), hop = audio.hop
        let pad = max(1, min(frames / 4, 16))
        let extended = Tensor(zeros: [nMels, frames + 2 * pad])
        for m in 0..<nMels {
            let src = mel.pointer + m * frames, dst = extended.pointer + m * (frames + 2 * pad)
            dst.update(from: src + frames - pad, count: pad)
            (dst + pad).update(from: src, count: frames)
            (dst + pad + frames).update(from: src, count: pad)
        }
        let wave = try vocoder.waveform(extended)
        let length = frames * hop, begin = pad * hop
        guard wave.count >= begin + length + 2 * hop else { return Array(wave.prefix(length)) }
        var loop = Array(wave[begin..<(begin + length)])
        let fade = min(2 * hop, length / 4)
        for i in 0..<fade {
            let w = Float(i) / Float(fade)
            loop[i] = loop[i] * w + wave[begin + length + i] * (1 - w)
        }
        return loop
    }

    /// Frames [from, from + count) of a [nMels, F] mel.
    static func frames(of mel: Tensor, from: Int, count: Int) -> Tensor {
        let nMels = mel.dim(0), width = mel.dim(1)
        let out = Tensor(zeros: [nMels, count])
        for m in 0..<nMels { (out.pointer + m * count).update(from: mel.pointer + m * width + from, count: count) }
        return out
    }
}

/// One request's denoising across its windows: the condition, guidance and progress reporting
/// shared by every window.
struct WindowRun {
    let request: GenerationRequest
    let mode: ConditioningMode
    let condition: Tensor
    let guidance: ClassifierFreeGuidance
    let windows: Int
    let control: GenerationControl

    /// Denoises window `index`; steps are reported across all windows (window k's step i is
    /// step k * steps + i of windows * steps).
    func window(_ index: Int, denoiser: any Denoiser, scheduler: any Scheduler, noise: Tensor, startIndex: Int = 0,
                constrain: StepConstraint? = nil, onEvent: (GenerationEvent) -> Void) throws -> Tensor {
        let nMels = noise.dim(2), frames = noise.dim(3)
        let stepsPerWindow = scheduler.timeSteps.count - startIndex
        let x = try DenoisingLoop.run(denoiser: denoiser, scheduler: scheduler, initialNoise: noise,
                                      embedding: condition, guidance: guidance, startIndex: startIndex,
                                      constrain: constrain) { step in
            let preview = step.predictedOriginal.reshaped([nMels, frames])
            onEvent(.step(index: index * stepsPerWindow + step.index - startIndex, of: windows * stepsPerWindow,
                          mode: mode, preview: preview))
            return control.take() == .none
        }
        return x.reshaped([nMels, frames])
    }
}
