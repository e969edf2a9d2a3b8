import Engine
import Foundation

/// One generated sound and everything needed to make it again.
public struct Take: Codable, Sendable, Equatable, Identifiable {
    public typealias ID = UUID

    public var id: ID
    public var request: GenerationRequest
    /// The audio file, as `SessionPath.stored` writes it: relative to the session's folder. Read
    /// it through `SessionStore.audioURL(of:)`, which refuses one outside the folder.
    public var audioPath: String
    /// The generation parameters written beside the audio, if the engine wrote them there.
    public var sidecarPath: String?
    /// How long each stage of the generation took, written as
    /// `"timings": {"encoding": s, "prior": s, "denoising": s, "vocoding": s}` in seconds (the
    /// engine's `StageTimings` coding, pinned by SessionRoundTripTests); a missing stage reads as 0.
    public var timings: StageTimings
    public var created: Date
    /// Length of the audio in seconds.
    public var duration: Double
    public var isFavourite: Bool
    /// Where starring copied the audio (its sidecar beside it, `.json`); cleared when unstarring
    /// removes them.
    public var favouriteCopyPath: String?
    public var note: String
    /// The listener's rating, 0 (not rated) to 5.
    public var rating: Int
    /// When opening the session added the take back from a WAV in its folder that an
    /// interrupted save had left out of the list (see `SessionRecovery`); nil for a take saved
    /// as it was made. Its timings are unknown (zero).
    public var recovered: Date?
    /// How well the take matched its query when it was made (`GeneratedTake.score`: the cosine,
    /// -1 to 1, between the audio encoder's embedding of the take and its query's), 4 decimals;
    /// nil when the bundle had no audio encoder. Added within version 2: older files have none,
    /// and older builds ignore it.
    public var score: Double?

    /// Ratings a take may have; 0 means not rated.
    public static let ratingRange = 0...5

    public init(id: ID = UUID(), request: GenerationRequest, audioPath: String, sidecarPath: String? = nil,
                timings: StageTimings = StageTimings(), created: Date = SessionTimestamp.now(), duration: Double = 0,
                isFavourite: Bool = false, favouriteCopyPath: String? = nil, note: String = "", rating: Int = 0,
                recovered: Date? = nil, score: Double? = nil) {
        self.id = id; self.request = request; self.audioPath = audioPath; self.sidecarPath = sidecarPath
        self.timings = timings; self.created = created; self.duration = duration; self.isFavourite = isFavourite
        self.favouriteCopyPath = favouriteCopyPath; self.note = note; self.rating = rating
        self.recovered = recovered; self.score = score
    }

    private enum CodingKeys: String, CodingKey {
        case id, request, audioPath, sidecarPath, timings, created, duration
        case isFavourite = "favourite"
        case favouriteCopyPath, note, rating, recovered, score
    }

    /// `id`, `request`, `audioPath` and `created` are required; the rest default to "none yet".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        request = try container.decode(GenerationRequest.self, forKey: .request)
        audioPath = try container.decode(String.self, forKey: .audioPath)
        sidecarPath = try container.decodeIfPresent(String.self, forKey: .sidecarPath)
        timings = try container.decodeIfPresent(StageTimings.self, forKey: .timings) ?? StageTimings()
        created = try container.decode(Date.self, forKey: .created)
        duration = try container.decodeIfPresent(Double.self, forKey: .duration) ?? 0
        isFavourite = try container.decodeIfPresent(Bool.self, forKey: .isFavourite) ?? false
        favouriteCopyPath = try container.decodeIfPresent(String.self, forKey: .favouriteCopyPath)
        note = try container.decodeIfPresent(String.self, forKey: .note) ?? ""
        // Added within version 2: sessions written before it have none.
        rating = try container.decodeIfPresent(Int.self, forKey: .rating) ?? 0
        // Added within version 2, written only for a recovered take: older files have none.
        recovered = try container.decodeIfPresent(Date.self, forKey: .recovered)
        score = try container.decodeIfPresent(Double.self, forKey: .score)
    }

    /// A take's score as the session keeps it: rounded to the 4 decimals every output shows,
    /// so the file does not carry noise digits; nil for a score that is no number.
    public static func storedScore(_ score: Float?) -> Double? {
        guard let score, score.isFinite else { return nil }
        return (Double(score) * 10_000).rounded() / 10_000
    }
}
