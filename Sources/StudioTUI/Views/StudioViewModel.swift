import Engine
import Foundation
import Playback
import Session

/// Everything the main view shows, assembled by `Studio` from the session, the engine's progress
/// and the player; views read only this, so they are tested without an engine, a player or a
/// terminal.
public struct StudioViewModel: Sendable {
    public enum EngineState: Sendable, Equatable {
        case loading
        case ready
        case failed(String)
    }

    public struct TakeRow: Sendable, Equatable {
        public var number: Int
        public var request: GenerationRequest
        public var duration: Double
        public var generationSeconds: Double
        public var isFavourite: Bool
        /// 0 (not rated) to 5.
        public var rating: Int
        public var note: String
        public var isMissing: Bool
        /// "A2" or "B2" when the take belongs to A/B pair 2.
        public var pairTag: String?
        /// The pair's preferred take.
        public var isPreferred: Bool
        public var isPlaying: Bool
        /// Added back on opening, from a WAV an interrupted save left out (its timings unknown).
        public var isRecovered: Bool = false
        /// The take's score against its query, or its match while a search is shown; nil: none.
        public var score: Double?
    }

    public struct ABBar: Sendable, Equatable {
        public var pairNumber: Int
        public var takeA: Int
        public var takeB: Int
        public var modeA: ConditioningMode
        public var modeB: ConditioningMode
        /// Which side is selected.
        public var side: ABPreference
        public var preferred: ABPreference
        public var switchCount: Int
    }

    /// The selected take's variation group: each member's take number and seed, and which is selected.
    public struct GroupBar: Sendable, Equatable {
        public var groupNumber: Int
        public var members: [(take: Int, seed: UInt64)]
        public var selected: Int

        public static func == (a: GroupBar, b: GroupBar) -> Bool {
            a.groupNumber == b.groupNumber && a.selected == b.selected
                && a.members.map(\.take) == b.members.map(\.take) && a.members.map(\.seed) == b.members.map(\.seed)
        }
    }

    public struct PlaybackLine: Sendable, Equatable {
        public var state: PlayerState
        public var takeNumber: Int?
        public var position: Double
        public var duration: Double
        public var isLooping: Bool
        /// Set when there is no usable device: what happens instead.
        public var unavailable: String?
    }

    public enum Severity: Sendable, Equatable { case info, warning, error }

    public struct StatusMessage: Sendable, Equatable {
        public var text: String
        public var severity: Severity
    }

    public struct InputLine: Sendable, Equatable {
        public var label: String
        public var editor: LineEditor
    }

    public var sessionName: String = ""
    public var bundleName: String = ""
    public var engineState: EngineState = .loading
    /// The last save failed: the session on disk is older than the one shown.
    public var isUnsaved = false
    public var request = GenerationRequest()
    public var seedLocked = false
    /// Hidden when the bundle's prior cannot be guided.
    public var showsPriorGuidance = true
    public var imageMissing = false
    /// The audio-mode sound named in the settings is not there.
    public var soundMissing = false
    /// Whether the take list has a score column: some take is scored, or a search is shown.
    public var showsScore = false
    /// The score column's title: "score" (against the query) or "match" (a search's).
    public var scoreTitle = "score"
    public var progress: GenerationProgress?
    public var queued = 0
    public var spectrogram: SpectrogramImage?
    public var spectrogramCaption = ""
    /// The length in seconds the spectrogram spans, when it is a take's: its time axis.
    public var spectrogramSeconds: Double?
    /// Where playback is in the take shown, in seconds, while that take plays or is paused.
    public var playheadPosition: Double?
    /// The takes the list shows: all, or those the filter matches (and the selected one).
    public var takes: [TakeRow] = []
    /// "/dogs: 2 of 5" while a filter is on.
    public var filterSummary: String?
    /// Index into `takes`.
    public var selected: Int?
    public var firstVisibleTake = 0
    public var abBar: ABBar?
    public var groupBar: GroupBar?
    public var playback = PlaybackLine(state: .stopped, takeNumber: nil, position: 0, duration: 0, isLooping: false,
                                       unavailable: nil)
    public var status: StatusMessage?
    /// Hints shown on the status line when there is no message.
    public var hints = ""
    public var input: InputLine?
    /// Lines of the help overlay when it is open, and its scroll offset.
    public var help: [String]?
    public var helpScroll = 0
    public var now = Date()

    public init() {}
}
