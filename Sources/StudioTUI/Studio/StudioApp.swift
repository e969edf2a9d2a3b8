import Playback
import Engine
import Foundation
import Models
import Session
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `clipsonic studio`: opens the session, starts the engine's thread and the terminal, and runs
/// the main loop until quit, Ctrl-C or SIGTERM — always giving the terminal back.
public enum StudioApp {
    /// Runs the studio; returns the exit status (0, or 128 + the signal that ended it). Errors
    /// before the terminal is taken over are thrown, for the caller to print.
    public static func run(_ configuration: StudioConfiguration) throws(StudioError) -> Int32 {
        try LocaleCheck.requireUTF8()
        // Before the session is created, so a mistaken run from a script leaves nothing behind.
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        let (store, bundleURL, messages) = try openSession(configuration)
        let events = try EventPipe<WorkerEvent>()
        let loader = configuration.engineLoader ?? { url in
            let engine = try GenerationEngine(bundle: try ModelBundle.open(at: url), hashStore: .standard())
            engine.audioReader = AudioFile.engineReader
            engine.streamsAudio = true
            return engine
        }
        let worker = EngineWorker(loader: { try loader(bundleURL) }, events: events)
        let keys = configuration.keyFile.map { KeyMapLoader(userFile: $0).load(required: true) }
            ?? KeyMapLoader.standard().load()

        try SignalPipe.install()
        let terminal: Terminal
        do { terminal = try Terminal.start() } catch {
            SignalPipe.uninstall()
            throw error
        }
        worker.start()
        let studio = Studio(store: store, worker: worker, themeLoader: .standard(), keyMap: keys.keyMap,
                            bundleName: bundleURL.lastPathComponent, startupMessages: messages + keys.messages,
                            promptHistory: PromptHistoryFile.standardURL().map(PromptHistoryFile.init(url:)))
        let exitStatus = loop(studio: studio, terminal: terminal, events: events)
        terminal.stop()
        SignalPipe.uninstall()
        let ending = farewell(store: store, saveFailure: studio.shutDown(), exitStatus: exitStatus)
        if ending.isFailure {
            FileHandle.standardError.write(Data((ending.text + "\n").utf8))
        } else {
            print(ending.text)
        }
        return ending.status
    }

    /// The last words and the exit status: "saved" only if the session is on disk; otherwise
    /// what was lost, and a non-zero status even when the user quit normally.
    static func farewell(store: SessionStore, saveFailure: SessionError?,
                         exitStatus: Int32) -> (text: String, isFailure: Bool, status: Int32) {
        let path = store.fileURL.path
        if let saveFailure {
            return ("clipsonic studio: the session was NOT saved: \(saveFailure) The changes made since the last "
                    + "successful save are lost; \(path) holds the session as it was then.",
                    true, exitStatus != 0 ? exitStatus : 1)
        }
        let count = store.session.takes.count
        return ("clipsonic studio: session saved in \(path) (\(count) take\(count == 1 ? "" : "s")); "
                + "reopen it with: clipsonic studio --session \(path)", false, exitStatus)
    }

    /// Opens the session file or creates it; applies --bundle, --device and --theme to it.
    static func openSession(_ configuration: StudioConfiguration) throws(StudioError)
        -> (SessionStore, URL, [String]) {
        let file = configuration.sessionFile.standardizedFileURL
        let store: SessionStore
        do {
            if FileManager.default.fileExists(atPath: file.path) {
                store = try SessionStore.open(at: file)
            } else {
                let bundle = (configuration.bundle ?? configuration.defaultBundle).standardizedFileURL
                let folder = file.deletingLastPathComponent()
                store = try SessionStore.create(at: file, session: StudioSession(
                    bundlePath: SessionPath.stored(bundle, sessionFolder: folder)))
            }
        } catch {
            throw .session("\(error)")
        }
        var messages: [String] = []
        do {
            try store.update { session in
                if let bundle = configuration.bundle {
                    session.bundlePath = SessionPath.stored(bundle.standardizedFileURL, sessionFolder: store.folder)
                }
                if let device = configuration.deviceName { session.settings.deviceName = device }
                if let theme = configuration.themeName { session.settings.themeName = theme }
            }
        } catch {
            messages.append("\(error)")
        }
        let bundleURL = SessionPath.resolve(store.session.bundlePath, sessionFolder: store.folder)
        return (store, bundleURL, messages)
    }

    /// Waits on the terminal, the engine's events and signals together; redraws when something
    /// changed, and at a steady 10 frames a second while generating or playing (the bar, ETA and
    /// position move).
    static func loop(studio: Studio, terminal: Terminal, events: EventPipe<WorkerEvent>) -> Int32 {
        var dirty = true
        var lastFrame = Date.distantPast
        var exitStatus: Int32 = 0
        while !studio.isQuitting {
            let now = Date()
            let busy = studio.isGenerating || studio.isPlaying
            if dirty || (busy && now.timeIntervalSince(lastFrame) >= 0.1) {
                if studio.needsFullRedraw {
                    terminal.invalidate()
                    studio.needsFullRedraw = false
                }
                let model = studio.viewModel(rows: terminal.rows, cols: terminal.cols, now: now)
                let frame = MainView.render(model, theme: studio.theme, rows: terminal.rows, cols: terminal.cols)
                terminal.show(frame.canvas, cursor: frame.cursor)
                lastFrame = now
                dirty = false
            }
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: events.readDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: SignalPipe.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            _ = poll(&fds, nfds_t(fds.count), busy ? 100 : 500)
            for signalNumber in SignalPipe.drain() {
                if signalNumber == SIGWINCH {
                    terminal.updateSize()
                } else {
                    exitStatus = 128 + signalNumber
                    studio.requestQuit(force: true)
                }
                dirty = true
            }
            for input in terminal.readInput() {
                switch input {
                case .key(let key): studio.handle(key: key)
                case .resize: break
                }
                dirty = true
            }
            let drained = events.drain()
            if !drained.isEmpty {
                studio.handle(drained)
                dirty = true
            }
            if studio.tick(now: Date()) { dirty = true }
        }
        return exitStatus
    }
}
