import Engine
import Foundation
import Models
import Playback
import Session
import XCTest
@testable import StudioTUI

/// A generator that behaves like the engine on a tiny bundle: stage events, a preview per step,
/// then one take per mode (a tone whose pitch depends on the seed and the mode). With
/// `streamedParts` above 1 it reports the take's audio in that many parts as its steps go, as
/// the engine does for a long take, all but the last before the take is finished.
final class FakeGenerator: TakeGenerator, @unchecked Sendable {
    let sampleRate = 16_000
    let seconds: Double
    let stepDelay: TimeInterval
    private let lock = NSLock()
    private var _requests: [(GenerationRequest, [ConditioningMode])] = []
    var requests: [(GenerationRequest, [ConditioningMode])] { lock.lock(); defer { lock.unlock() }; return _requests }

    let priorGuidanceSupported: Bool
    let streamedParts: Int

    init(seconds: Double = 0.25, stepDelay: TimeInterval = 0, priorGuidanceSupported: Bool = true, streamedParts: Int = 0) {
        self.seconds = seconds
        self.stepDelay = stepDelay
        self.priorGuidanceSupported = priorGuidanceSupported
        self.streamedParts = streamedParts
    }

    func waveform(_ request: GenerationRequest, mode: ConditioningMode) -> [Float] {
        let frequency = 220 + Double(request.seed % 100) + (mode == .prior ? 0 : 110)
        let count = Int(seconds * Double(sampleRate))
        return (0..<count).map { Float(0.4 * sin(2 * Double.pi * frequency * Double($0) / Double(sampleRate))) }
    }

    func generate(_ request: GenerationRequest, modes: [ConditioningMode]?, control: GenerationControl,
                  onEvent: (GenerationEvent) -> Void) throws -> [GeneratedTake] {
        lock.lock(); _requests.append((request, modes ?? [request.mode])); lock.unlock()
        var takes: [GeneratedTake] = []
        for mode in modes ?? [request.mode] {
            onEvent(.stage(.encoding, mode: mode))
            if mode == .prior { onEvent(.stage(.prior, mode: mode)) }
            onEvent(.stage(.denoising, mode: mode))
            let wave = waveform(request, mode: mode)
            let partLength = streamedParts > 1 ? wave.count / streamedParts : 0
            for step in 0..<request.steps {
                if control.isStopped { onEvent(.cancelled); return takes }
                if stepDelay > 0 { Thread.sleep(forTimeInterval: stepDelay) }
                let sharpness = Float(step + 1) / Float(request.steps)
                let preview = Tensor(shape: [8, 16], scalars: (0..<128).map { Float($0 % 16) * sharpness })
                onEvent(.step(index: step, of: request.steps, mode: mode, preview: preview))
                if partLength > 0, (step + 1) * streamedParts % request.steps < streamedParts {
                    let part = (step + 1) * streamedParts / request.steps - 1
                    if part < streamedParts - 1 {
                        onEvent(.audio(samples: Array(wave[(part * partLength)..<((part + 1) * partLength)]),
                                       start: part * partLength, sampleRate: sampleRate, mode: mode))
                    }
                }
            }
            onEvent(.stage(.vocoding, mode: mode))
            var taken = request
            taken.mode = mode
            let take = GeneratedTake(recipe: TakeRecipe(request: taken, bundle: "fake", bundleHash: nil), mel: Tensor(shape: [8, 16], scalars: (0..<128).map(Float.init)),
                                     waveform: wave, sampleRate: sampleRate,
                                     timings: StageTimings(encoding: 0.01, denoising: 0.1, vocoding: 0.01))
            onEvent(.finished(take))
            takes.append(take)
        }
        return takes
    }
}

struct FailingLoader: Error, CustomStringConvertible {
    var description: String { "bundle /x: no bundle.json; check the path" }
}

/// A studio on a fresh session in a temporary folder, its events pumped by `waitFor`.
final class StudioHarness {
    let folder: URL
    let store: SessionStore
    let events: EventPipe<WorkerEvent>
    let worker: EngineWorker
    let studio: Studio

    init(generator: (any TakeGenerator)? = FakeGenerator(), device: String = "null", existing: SessionStore? = nil,
         folder: URL? = nil, promptHistory: PromptHistoryFile? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-studio-\(UUID().uuidString)")
        self.folder = folder
        if let existing {
            store = existing
        } else {
            let file = folder.appendingPathComponent("session.json")
            if FileManager.default.fileExists(atPath: file.path) {
                store = try SessionStore.open(at: file)
            } else {
                var settings = StudioSettings()
                settings.deviceName = device
                store = try SessionStore.create(at: file, session: StudioSession(bundlePath: "bundles/tiny", settings: settings))
            }
        }
        events = try EventPipe<WorkerEvent>()
        let loader: EngineWorker.Loader
        if let generator { loader = { generator } } else { loader = { throw FailingLoader() } }
        worker = EngineWorker(loader: loader, events: events)
        worker.start()
        let themes = ThemeLoader(folders: [projectThemesFolder])
        studio = Studio(store: store, worker: worker, themeLoader: themes, keyMap: .defaults, bundleName: "tiny",
                        promptHistory: promptHistory)
    }

    deinit {
        studio.shutDown()
    }

    /// Pumps events into the studio until `condition` holds or `timeout` passes.
    @discardableResult
    func waitFor(_ timeout: TimeInterval = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            studio.handle(events.drain())
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        studio.handle(events.drain())
        return condition()
    }

    func press(_ names: String...) {
        for name in names {
            guard let key = Key(name: name) else { XCTFail("no key \(name)"); continue }
            studio.handle(key: key)
        }
    }

    func type(_ text: String) {
        for scalar in text.unicodeScalars { studio.handle(key: .character(scalar)) }
    }

    func screen(rows: Int = 30, cols: Int = 120) -> Canvas {
        MainView.render(studio.viewModel(rows: rows, cols: cols), theme: studio.theme, rows: rows, cols: cols).canvas
    }

    var status: String { studio.status?.text ?? "" }
}
