import Engine
import Foundation

/// Runs the engine on its own thread: loads it, then runs queued jobs one at a time, writes each
/// finished take's audio, and posts everything to the main loop through an `EventPipe`. The main
/// loop never waits for it.
public final class EngineWorker: @unchecked Sendable {
    public typealias Loader = @Sendable () throws -> any TakeGenerator

    /// What the thread runs: a generation, or a search of the session's takes by their sound.
    private enum Work {
        case generation(GenerationJob)
        case search(SearchJob)

        var id: Int {
            switch self {
            case .generation(let job): job.id
            case .search(let job): job.id
            }
        }
    }

    private let condition = NSCondition()
    private var queue: [Work] = []
    private var running: (id: Int, control: GenerationControl)?
    private var isShuttingDown = false
    private var thread: Thread?
    private let loader: Loader
    private let events: EventPipe<WorkerEvent>

    public init(loader: @escaping Loader, events: EventPipe<WorkerEvent>) {
        self.loader = loader
        self.events = events
    }

    /// Starts the thread; the engine loads at once, so jobs submitted meanwhile wait in the queue.
    public func start() {
        let thread = Thread { [self] in self.main() }
        thread.name = "clipsonic-engine"
        // Deep networks recurse little, but the engine's own scratch may live on the stack.
        thread.stackSize = 16 << 20
        self.thread = thread
        thread.start()
    }

    public func submit(_ job: GenerationJob) { enqueue(.generation(job)) }

    /// Queues a search; it runs after the jobs before it, as they do, and `cancelAll` stops it.
    public func submit(search job: SearchJob) { enqueue(.search(job)) }

    private func enqueue(_ work: Work) {
        condition.lock()
        queue.append(work)
        condition.signal()
        condition.unlock()
    }

    /// Jobs waiting behind the running one.
    public var queuedCount: Int {
        condition.lock(); defer { condition.unlock() }
        return queue.count
    }

    /// Stop: the running job ends within one step; queued jobs are dropped. Returns how many
    /// jobs were stopped or dropped.
    @discardableResult
    public func cancelAll() -> Int {
        condition.lock(); defer { condition.unlock() }
        let dropped = queue.count
        queue.removeAll()
        running?.control.stop()
        return dropped + (running == nil ? 0 : 1)
    }

    /// Skip: the current take ends; the job goes on with its next mode, or the next job starts.
    public func skipCurrent() -> Bool {
        condition.lock(); defer { condition.unlock() }
        running?.control.skip()
        return running != nil
    }

    /// Asks the thread to end after the running step; does not wait.
    public func shutDown() {
        condition.lock()
        isShuttingDown = true
        queue.removeAll()
        running?.control.stop()
        condition.signal()
        condition.unlock()
    }

    /// How much lower the engine's threads run than the interface: on a 2-core machine the
    /// engine's thread team keeps both cores busy, and a key press then waited for a time slice
    /// (worst 278 ms measured with `bench/studio_soak.py`). Linux keeps a nice value per thread,
    /// and the threads the engine starts (its OpenMP team) inherit it; the interface keeps its own.
    static let niceness: Int32 = 10

    private func main() {
        Self.lowerThisThreadsPriority()
        let generator: (any TakeGenerator)?
        do {
            let loaded = try loader()
            generator = loaded
            events.post(.engineReady(.init(priorGuidance: loaded.priorGuidanceSupported, audioEncoder: loaded.hasAudioEncoder)))
        } catch {
            generator = nil
            events.post(.engineFailed("\(error)"))
        }
        while let work = nextJob() {
            guard let generator else {
                events.post(.jobEnded(jobID: work.id, .failed("the engine did not load; see the message above")))
                continue
            }
            switch work {
            case .generation(let job): run(job, on: generator)
            case .search(let job): run(job, on: generator)
            }
        }
    }

    private func nextJob() -> Work? {
        condition.lock(); defer { condition.unlock() }
        while queue.isEmpty, !isShuttingDown { condition.wait() }
        guard !isShuttingDown else { return nil }
        let work = queue.removeFirst()
        running = (work.id, GenerationControl())
        return work
    }

    private func run(_ job: SearchJob, on generator: any TakeGenerator) {
        condition.lock()
        let control = running?.control ?? GenerationControl()
        condition.unlock()
        events.post(.jobStarted(jobID: job.id))
        let outcome: WorkerEvent.Outcome
        do {
            let result = try generator.search(text: job.text, candidates: job.candidates, control: control)
            events.post(.searchFinished(jobID: job.id, text: job.text, result))
            outcome = control.isStopped ? .cancelled : .completed
        } catch {
            outcome = .failed("\(error)")
        }
        condition.lock()
        running = nil
        condition.unlock()
        events.post(.jobEnded(jobID: job.id, outcome))
    }

    private func run(_ job: GenerationJob, on generator: any TakeGenerator) {
        condition.lock()
        let control = running?.control ?? GenerationControl()
        condition.unlock()
        events.post(.jobStarted(jobID: job.id))
        var failure: String?
        var cancelled = false
        // Variations run one seed after another: batching them through the U-Net measured no
        // faster on this CPU (docs/studio.md, Variations), and one at a time shows each as it comes.
        for seed in job.seeds {
            if control.isStopped || failure != nil { break }
            var request = job.request
            request.seed = seed
            var savedModes = Set<ConditioningMode>()
            let save = { (take: GeneratedTake) in
                guard !savedModes.contains(take.mode) else { return }
                savedModes.insert(take.mode)
                do {
                    let saved = try SavedTake.write(take, into: job.outputFolder)
                    self.events.post(.takeSaved(jobID: job.id, saved))
                } catch {
                    self.events.post(.takeNotSaved(jobID: job.id, mode: take.mode, message: "\(error)"))
                }
            }
            do {
                let takes = try generator.generate(request, modes: job.modes, control: control) { event in
                    switch event {
                    case let .stage(stage, mode):
                        self.events.post(.stage(jobID: job.id, stage, mode))
                    case let .step(index, total, mode, preview):
                        self.events.post(.step(jobID: job.id, index: index, of: total, mode: mode,
                                               preview: SpectrogramImage(tensor: preview)))
                    case let .audio(samples, start, rate, mode):
                        self.events.post(.audio(jobID: job.id, mode: mode, start: start, samples: samples, sampleRate: rate))
                    case let .finished(take):
                        save(take)
                    case let .notice(message):
                        self.events.post(.notice(jobID: job.id, message))
                    case let .failed(message):
                        failure = message
                    case .cancelled:
                        cancelled = true
                    }
                }
                // An engine that returns takes without announcing them still gets them saved.
                for take in takes { save(take) }
            } catch {
                failure = failure ?? "\(error)"
            }
        }
        condition.lock()
        running = nil
        condition.unlock()
        let outcome: WorkerEvent.Outcome
        if let failure { outcome = .failed(failure) }
        else if cancelled || control.isStopped { outcome = .cancelled }
        else { outcome = .completed }
        events.post(.jobEnded(jobID: job.id, outcome))
    }

    /// Best effort: where it is refused, the engine runs at the interface's priority as before.
    private static func lowerThisThreadsPriority() {
        #if os(Linux)
        // On Linux `who` 0 with PRIO_PROCESS is the calling thread, not the whole process.
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let current = getpriority(which, 0)
        guard errno == 0 else { return }
        _ = setpriority(which, 0, min(current + niceness, 19))
        #endif
    }
}
