import Engine
import Foundation
import Playback
import Session

/// The studio's controller: runs commands (from keys, the command line or tests), applies the
/// engine's events, keeps the session saved after every change, and builds the view model.
/// It knows nothing of the terminal, so tests drive it directly. Main thread only.
public final class Studio {
    let store: SessionStore
    let worker: EngineWorker
    let themeLoader: ThemeLoader
    let bundleName: String
    let makePlayer: (String) throws(PlaybackError) -> Player
    public internal(set) var theme: Theme
    public internal(set) var keyMap: KeyMap
    public internal(set) var player: Player?
    /// Why there is no player, shown on the playback line.
    var playerUnavailable: String?

    // Interface state.
    var engineState: StudioViewModel.EngineState = .loading
    /// Whether the loaded bundle's prior takes a guidance scale; once the engine says it does
    /// not, the option is hidden and refused.
    var priorGuidanceSupported = true
    var selectedTakeID: Take.ID?
    var input: (purpose: InputPurpose, editor: LineEditor)?
    var isHelpOpen = false
    var helpScroll = 0
    var status: StudioViewModel.StatusMessage?
    var statusTime = Date.distantPast
    /// Messages waiting for the status line (several at start-up); each shows for a few seconds
    /// or until a key is pressed, so none is cut off by another.
    var pendingMessages: [StudioViewModel.StatusMessage] = []
    var progress: GenerationProgress?
    var livePreview: SpectrogramImage?
    /// Each take's mel once it has been shown (see `melOfSelectedTake`), and why some cannot be.
    var takeMels = RecentCache<Take.ID, SpectrogramImage>(budget: 2 << 20) { $0.values.count * 4 }
    var melProblems: [Take.ID: StudioError] = [:]
    /// About 130 s of 16 kHz audio, 8 MiB; see `RecentCache`.
    var audioCache = RecentCache<Take.ID, AudioBuffer>(budget: 8 << 20) { $0.samples.count * 4 }
    var playingTakeID: Take.ID?
    /// The long take the player is playing while it is still being made (see `Studio+Streaming`).
    var streaming: StreamingTake?
    var autoplay = true
    var nextJobID = 1
    var jobs: [Int: GenerationJob] = [:]
    /// Takes saved so far by each A/B job, by mode, until the pair is complete.
    var pairParts: [Int: [ConditioningMode: Take.ID]] = [:]
    /// The variation group each running variations job fills.
    var jobGroups: [Int: UUID] = [:]
    var missingAudio: Set<Take.ID> = []
    var firstVisibleTake = 0
    /// What `/` asked for; nil shows every take.
    var filter: TakeFilter?
    /// The last search by sound (`search TEXT`), while the list shows its ranking; nil otherwise.
    var search: TakeSearch?
    /// Search jobs queued or running, by job ID, with their text.
    var searchJobs: [Int: String] = [:]
    /// Whether the engine's bundle has an audio encoder (takes scored, variations ranked).
    var hasAudioEncoder = false
    /// Prompts across sessions (Up/Down in the prompt editor); nil when there is no place for them.
    let promptHistory: PromptHistoryFile?
    /// Where Up/Down is in the history while the prompt is edited.
    var historyCursor: HistoryCursor?
    /// Set by `redraw` and theme changes; the main loop repaints everything and clears it.
    public var needsFullRedraw = false
    public private(set) var isQuitting = false
    /// Characters of a status message kept: more than three rows of the widest terminal.
    static let maximumMessageLength = 2000
    /// Set when a quit found the session unsaved and could not save it: the next quit leaves.
    var quitWarned = false
    /// A save that just failed, for the caller's own message to mention (see `report`).
    var unreportedSaveFailure: SessionError?

    public init(store: SessionStore, worker: EngineWorker, themeLoader: ThemeLoader, keyMap: KeyMap,
                bundleName: String, startupMessages: [String] = [], promptHistory: PromptHistoryFile? = nil,
                makePlayer: @escaping (String) throws(PlaybackError) -> Player = { name throws(PlaybackError) in
                    try Player(device: name) }) {
        self.store = store
        self.worker = worker
        self.themeLoader = themeLoader
        self.keyMap = keyMap
        self.bundleName = bundleName
        self.makePlayer = makePlayer
        self.promptHistory = promptHistory
        var messages = startupMessages
        if let problem = promptHistory?.loadProblem { messages.append(problem) }
        let loaded = themeLoader.load(named: store.session.settings.themeName)
        theme = loaded.theme
        messages += loaded.messages
        openPlayer(store.session.settings.deviceName)
        if let playerUnavailable { messages.append(playerUnavailable) }
        let audit = store.pathAudit()
        missingAudio = Set(audit.missing)
        let warnings = audit.warnings
        let outside = audit.outside
        let names = store.session.takes.enumerated()
            .filter { missingAudio.contains($0.element.id) && !outside.contains($0.element.id) }
            .map { "take \($0.offset + 1) (\($0.element.audioPath))" }
        if !names.isEmpty {
            messages.insert("audio missing for \(names.joined(separator: ", ")); the session opened without it", at: 0)
        }
        messages.insert(contentsOf: warnings, at: 0)
        // First: a take that came back, or a file left alone, explains what the list shows.
        messages.insert(contentsOf: store.recovery.messages, at: 0)
        let settings = store.session.settings
        selectedTakeID = settings.selectedTake.flatMap { store.session.take($0)?.id } ?? store.session.takes.last?.id
        firstVisibleTake = min(settings.firstVisibleTake, max(store.session.takes.count - 1, 0))
        pendingMessages = messages.map { StudioViewModel.StatusMessage(text: $0, severity: .warning) }
        showNextMessage(now: Date())
    }

    /// The session as saved.
    public var session: StudioSession { store.session }

    public var isGenerating: Bool { progress?.isRunning ?? false }

    public var isPlaying: Bool { player?.state == .playing }

    /// Shows a message on the status line. The first message after a failed save carries the
    /// failure, so that "steps = 7" does not read as done when it is not on disk.
    func report(_ text: String, _ severity: StudioViewModel.Severity = .info, now: Date = Date()) {
        var text = text
        var severity = severity
        if let failure = unreportedSaveFailure, severity != .error {
            text += "; NOT SAVED: \(failure)"
            severity = .error
        }
        unreportedSaveFailure = nil
        // The status line shows a few rows; a message quoting a huge input is cut here, once,
        // rather than wrapped in full on every frame.
        if text.utf8.count > Self.maximumMessageLength {
            text = String(text.prefix(Self.maximumMessageLength)) + "…"
        }
        status = StudioViewModel.StatusMessage(text: text, severity: severity)
        statusTime = now
    }

    /// Applies `change` to the session and saves it; a failed save is reported (the change stays
    /// in memory and is saved with the next one, and the title bar says "not saved" until then,
    /// as a later message may replace the error). Returns false if `change` itself failed.
    @discardableResult
    func updateSession(_ change: (inout StudioSession) throws(SessionError) -> Void) -> Bool {
        let view = (selectedTakeID, firstVisibleTake)
        do {
            try store.update { session throws(SessionError) in
                try change(&session)
                // The view rides along with every save (see `StudioSettings.selectedTake`).
                session.settings.selectedTake = view.0
                session.settings.firstVisibleTake = view.1
            }
            unreportedSaveFailure = nil
            return true
        } catch {
            report("\(error)", .error)
            // `update` keeps the change when only the save failed.
            if store.hasUnsavedChanges { unreportedSaveFailure = error }
            return store.hasUnsavedChanges
        }
    }

    /// Shows the next waiting message; returns false when none was waiting.
    @discardableResult
    func showNextMessage(now: Date) -> Bool {
        guard !pendingMessages.isEmpty else { return false }
        let next = pendingMessages.removeFirst()
        report(next.text, next.severity, now: now)
        return true
    }

    /// Once per main-loop turn: moves to the next waiting message after 4 seconds, and clears
    /// messages (not errors) after 10. Returns true when something visible changed.
    public func tick(now: Date) -> Bool {
        let age = now.timeIntervalSince(statusTime)
        if !pendingMessages.isEmpty, age > 4 { return showNextMessage(now: now) }
        if let status, status.severity != .error, age > 10 {
            self.status = nil
            return true
        }
        return false
    }

    /// Stops the engine and the player, and saves what is still unsaved; returns why that save
    /// failed, if it did, for the caller to tell the user and exit non-zero.
    @discardableResult
    public func shutDown() -> SessionError? {
        worker.shutDown()
        player?.close()
        // A selection that cannot be saved is not worth a "NOT saved": only real changes are.
        let hadUnsavedChanges = store.hasUnsavedChanges
        if viewChanged {
            let failure = saveView()
            if failure == nil { compactSession() }
            return hadUnsavedChanges ? failure : nil
        }
        if hadUnsavedChanges {
            do { try store.save() } catch { return error }
        }
        compactSession()
        return nil
    }

    /// Leaves the session file whole, without a journal beside it, for whatever reads it next
    /// (an older build, a copy of the file alone). A failure loses nothing: the journal holds
    /// every change and the next open replays it.
    private func compactSession() {
        guard store.hasJournal else { return }
        do { try store.compact() } catch {}
    }

    /// Whether the selection or the scroll differ from what the session holds.
    var viewChanged: Bool {
        session.settings.selectedTake != selectedTakeID || session.settings.firstVisibleTake != firstVisibleTake
    }

    /// Saves the selection and scroll (with anything unsaved); returns why it failed, if it did.
    func saveView() -> SessionError? {
        let view = (selectedTakeID, firstVisibleTake)
        do {
            try store.update { session in
                session.settings.selectedTake = view.0
                session.settings.firstVisibleTake = view.1
            }
            return nil
        } catch {
            return error
        }
    }

    /// `quit`, or `force` for a signal. Unsaved changes are saved first; if that fails, the
    /// first quit stays in the studio and says so, so that space can be freed and the save
    /// tried again, and the next quit leaves without them.
    func requestQuit(force: Bool = false) {
        if store.hasUnsavedChanges {
            do { try store.save() } catch {
                if !force && !quitWarned {
                    quitWarned = true
                    let key = keyName("quit")
                    report("\(error) Quitting now loses the changes made since the last save: press \(key) again to "
                           + "quit without them, or free some space first and \(key) saves and quits.", .error)
                    return
                }
            }
        }
        isQuitting = true
    }
}
