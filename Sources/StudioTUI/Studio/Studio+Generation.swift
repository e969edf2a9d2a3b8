import Engine
import Foundation
import Session

extension Studio {
    /// Queues a variation of the selected take: the current settings, started from its sound at
    /// the `strength` option. The settings themselves are left as they are.
    func varySelectedTake() {
        guard let take = selectedTake else { report("no take selected: select the take to vary", .warning); return }
        let url: URL
        do { url = try store.audioURL(of: take) } catch {
            report("cannot vary this take: \(error)", .error)
            return
        }
        generate(ab: false) { $0.sourceAudio = url.path }
    }

    /// Queues a take (or an A/B pair: prior and zero-shot with one seed; or `variations` takes
    /// with the seeds seed, seed+1, ...) with the current settings.
    func generate(ab: Bool, variations: Int = 1, adjusting adjust: (inout GenerationRequest) -> Void = { _ in }) {
        if case .failed(let why) = engineState {
            report("cannot generate: \(why)", .error)
            return
        }
        let settings = session.settings.request
        if let problem = Self.problem(with: settings, ab: ab) {
            report(problem, .warning)
            return
        }
        let outputFolder: URL
        do { outputFolder = try store.outputFolderURL() } catch {
            report("cannot generate: \(error)", .error)
            return
        }
        var request = settings
        // Draws the seed unless it is locked, and saves it, so the settings show what was used.
        guard updateSession({ request = $0.nextRequest() }) else { return }
        adjust(&request)
        updateSession { $0.recordSeed(request.seed) }
        // After the "generating" message, which would otherwise hide it.
        if let problem = promptHistory?.record(request.prompt) {
            pendingMessages.append(StudioViewModel.StatusMessage(text: problem, severity: .warning))
        }
        let modes: [ConditioningMode] = ab ? [.prior, .zeroShot] : [request.mode]
        let seeds = VariationSeeds.seeds(from: request.seed, count: variations)
        for seed in seeds.dropFirst() { updateSession { $0.recordSeed(seed) } }
        let job = GenerationJob(id: nextJobID, request: request, modes: modes, isABPair: ab, outputFolder: outputFolder,
                                seeds: seeds)
        nextJobID += 1
        jobs[job.id] = job
        let waiting = isGenerating || worker.queuedCount > 0 || engineState == .loading
        worker.submit(job)
        let what = seeds.count > 1 ? "\(seeds.count) variations (\(request.mode.rawValue))"
            : ab ? "A/B pair (prior, zero-shot)"
            : request.sourceAudio != nil && request.strength < 1 ? "variation (strength \(ParameterValue.format(Double(request.strength))))"
            : "\(request.mode.rawValue) take"
        let seedText = seeds.count > 1 ? "seeds \(seeds.map(String.init).joined(separator: ", "))" : "seed \(request.seed)"
        report(waiting ? "queued: \(what), \(seedText)" : "generating \(what), \(seedText)")
    }

    /// Why `request` cannot be generated, if it cannot: the engine's rule, with the key to press.
    static func problem(with request: GenerationRequest, ab: Bool) -> String? {
        do {
            try request.validate(modes: ab ? [.prior, .zeroShot] : nil)
            return nil
        } catch {
            guard error.isMissingCondition else { return "\(error)" }
            let hint = request.mode == .audio ? "give a sound with :set audio PATH (or A), or choose another mode (m)"
                : request.mode == .image || request.mode == .mix ? "press i to give a picture, e to write a prompt"
                : "write a prompt first (e), or give a picture (i) for image mode"
            return "\(error): \(hint)"
        }
    }

    func cancelGeneration() {
        let stopped = worker.cancelAll()
        report(stopped == 0 ? "nothing is generating" : "stopping (\(stopped) job\(stopped == 1 ? "" : "s"))",
               stopped == 0 ? .warning : .info)
    }

    func skipTake() {
        if worker.skipCurrent() { report("skipping the current take") } else { report("nothing is generating", .warning) }
    }

    /// Applies what the engine's thread reported.
    public func handle(_ events: [WorkerEvent], now: Date = Date()) {
        for event in events { handle(event, now: now) }
    }

    func handle(_ event: WorkerEvent, now: Date) {
        switch event {
        case .engineReady(let capabilities):
            engineState = .ready
            priorGuidanceSupported = capabilities.priorGuidance
            hasAudioEncoder = capabilities.audioEncoder
            if !capabilities.priorGuidance, session.settings.request.priorGuidanceScale != 1 {
                updateSession { $0.settings.request.priorGuidanceScale = 1 }
                report("prior-guidance reset to 1: this bundle's prior has no learned null condition", .warning)
            }
        case .engineFailed(let why):
            engineState = .failed(why)
            report("the engine did not load: \(why). Playback and the session still work.", .error)
        case .jobStarted(let id):
            guard let job = jobs[id] else { return }
            let modes = Array(repeating: job.modes, count: job.seeds.count).flatMap { $0 }
            progress = GenerationProgress(jobID: id, modes: modes, totalSteps: job.request.steps, started: now)
            livePreview = nil
        case let .stage(id, stage, mode):
            guard progress?.jobID == id else { return }
            progress?.record(stage: stage, mode: mode, at: now)
        case let .step(id, index, total, mode, preview):
            guard progress?.jobID == id else { return }
            progress?.record(step: index, of: total, mode: mode, at: now)
            if let preview { livePreview = preview }
        case let .notice(_, message):
            report(message, .warning)
        case let .audio(id, mode, start, samples, rate):
            heard(samples, start: start, sampleRate: rate, jobID: id, mode: mode)
        case let .takeSaved(id, saved):
            addTake(saved, jobID: id)
            if jobs[id]?.isVariationGroup == true, progress?.jobID == id { progress?.nextTake(at: now) }
        case let .takeNotSaved(_, mode, message):
            report("the \(mode.rawValue) take was made but not saved: \(message)", .error)
        case let .searchFinished(_, text, result):
            showSearch(result, text: text)
        case let .jobEnded(id, outcome):
            if let text = searchJobs.removeValue(forKey: id) {
                if case .failed(let why) = outcome { report("search for \"\(text)\" failed: \(why)", .error) }
                if outcome == .cancelled { report("search stopped") }
                return
            }
            if progress?.jobID == id { progress?.finish(outcome, at: now) }
            jobs[id] = nil
            pairParts[id] = nil
            jobGroups[id] = nil
            endStreaming(jobID: id)
            switch outcome {
            case .completed: break
            case .cancelled: report("stopped")
            case .failed(let why): report("generation failed: \(why)", .error)
            }
        }
    }

    /// Adds a take whose audio is already on disk, pairs A/B takes, and plays it if asked.
    func addTake(_ saved: SavedTake, jobID: Int) {
        let take = Take(request: saved.request, audioPath: SessionPath.stored(saved.audioFile, sessionFolder: store.folder),
                        timings: saved.timings, duration: saved.duration, score: Take.storedScore(saved.score))
        updateSession { $0.addTake(take) }
        selectedTakeID = take.id
        let number = session.takes.count
        report("take \(number) saved: \(take.audioPath)")
        if let job = jobs[jobID], job.isVariationGroup {
            addToVariationGroup(take, jobID: jobID, job: job)
            return
        }
        guard let job = jobs[jobID], job.isABPair, job.modes.count == 2 else {
            if autoplay { playMade(take.id, jobID: jobID, mode: saved.request.mode) }
            return
        }
        pairParts[jobID, default: [:]][saved.request.mode] = take.id
        let parts = pairParts[jobID] ?? [:]
        if saved.request.mode == job.modes[0], autoplay { playMade(take.id, jobID: jobID, mode: saved.request.mode) }
        guard let a = parts[job.modes[0]], let b = parts[job.modes[1]] else { return }
        var pairNumber = 0
        guard updateSession({ session throws(SessionError) in
            try session.addPair(takeA: a, takeB: b)
            pairNumber = session.abPairs.count
        }) else { return }
        selectedTakeID = playingTakeID == a ? a : b
        report("A/B pair \(pairNumber) ready: A \(job.modes[0].rawValue), B \(job.modes[1].rawValue); "
               + "\(keyName("ab-switch")) switches, \(keyName("pick 1"))/\(keyName("pick 2")) records your preference")
    }
}
