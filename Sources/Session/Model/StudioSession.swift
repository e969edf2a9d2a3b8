import Engine
import Foundation

/// The studio's whole state, saved as `session.json` (format "clipsonic-session", version 2).
/// A value type: change a copy, then hand it to `SessionStore`, which stamps `modified` and saves.
public struct StudioSession: Sendable, Equatable {
    public static let format = "clipsonic-session"
    /// The major version this build writes and the newest it reads. Additions that older builds
    /// can ignore keep the version; a change that older builds would misread raises it. Ratings
    /// and the trash came within version 2: a file without them reads as unrated, nothing deleted.
    public static let currentVersion = 2
    /// The usual name of a session file inside its session folder.
    public static let defaultFileName = "session.json"
    /// Seeds kept in `seedHistory`; older ones are dropped.
    public static let seedHistoryLimit = 200
    /// Session and sidecar files are small; anything this big is not one of them.
    public static let maximumFileSize = 256 << 20
    public static let defaultFavouritesFolder = "favourites"

    /// The model bundle's folder, stored like every path (see `SessionPath`). Unlike the other
    /// paths it may lie outside the session folder: it is only read, as a strict bundle.
    public var bundlePath: String
    public var created: Date
    public var modified: Date
    public var settings: StudioSettings
    /// In the order they were made.
    public var takes: TakeList
    public var abPairs: [ABPair]
    /// Where starred takes are copied, inside the session's folder (`SessionStore` ignores a
    /// value that leads outside it).
    public var favouritesFolder: String
    /// Seeds used, oldest first, each once.
    public var seedHistory: [UInt64]
    /// Deleted takes, oldest first, for undo; their audio is in the folder's `trash/`.
    public var trash: [DeletedTake]
    /// Takes made as variations of one prompt (`x`), each group in the order it was made.
    public var variationGroups: [VariationGroup]

    public init(bundlePath: String, created: Date = SessionTimestamp.now(), modified: Date? = nil,
                settings: StudioSettings = StudioSettings(), takes: [Take] = [], abPairs: [ABPair] = [],
                favouritesFolder: String = defaultFavouritesFolder, seedHistory: [UInt64] = [],
                trash: [DeletedTake] = [], variationGroups: [VariationGroup] = []) {
        self.bundlePath = bundlePath; self.created = created; self.modified = modified ?? created
        self.settings = settings; self.takes = TakeList(takes); self.abPairs = abPairs
        self.favouritesFolder = favouritesFolder; self.seedHistory = seedHistory; self.trash = trash
        self.variationGroups = variationGroups
    }

    public func take(_ id: Take.ID) -> Take? { takes.first { $0.id == id } }

    public func takeIndex(_ id: Take.ID) -> Int? { takes.firstIndex { $0.id == id } }

    /// Appends a take and records its seed.
    public mutating func addTake(_ take: Take) {
        takes.append(take)
        recordSeed(take.request.seed)
    }

    /// Removes a take, every A/B pair that refers to it, and its place in a variation group
    /// (a group left empty goes too). The audio file is left alone.
    public mutating func removeTake(_ id: Take.ID) throws(SessionError) {
        guard let index = takeIndex(id) else { throw .takeNotFound(id: id) }
        takes.remove(at: index)
        abPairs.removeAll { $0.takeA == id || $0.takeB == id }
        for group in variationGroups.indices { variationGroups[group].takes.removeAll { $0 == id } }
        variationGroups.removeAll { $0.takes.isEmpty }
    }

    /// The variation group holding `id`, with its index, if any.
    public func group(containing id: Take.ID) -> (index: Int, group: VariationGroup)? {
        guard let index = variationGroups.firstIndex(where: { $0.takes.contains(id) }) else { return nil }
        return (index, variationGroups[index])
    }

    /// Adds `take` to the group `groupID`, making the group if it is not there yet.
    public mutating func addToGroup(_ groupID: UUID, take id: Take.ID, at position: Int? = nil) throws(SessionError) {
        guard self.take(id) != nil else { throw .takeNotFound(id: id) }
        guard group(containing: id) == nil else { return }
        if let index = variationGroups.firstIndex(where: { $0.id == groupID }) {
            let members = variationGroups[index].takes
            guard members.count < VariationGroup.maximumSize else { throw .groupFull(size: members.count) }
            variationGroups[index].takes.insert(id, at: min(max(position ?? members.count, 0), members.count))
        } else {
            variationGroups.append(VariationGroup(id: groupID, takes: [id]))
        }
    }

    public mutating func setNote(_ note: String, forTake id: Take.ID) throws(SessionError) {
        guard let index = takeIndex(id) else { throw .takeNotFound(id: id) }
        takes[index].note = note
    }

    public mutating func setRating(_ rating: Int, forTake id: Take.ID) throws(SessionError) {
        guard let index = takeIndex(id) else { throw .takeNotFound(id: id) }
        guard Take.ratingRange.contains(rating) else { throw .invalidRating(rating) }
        takes[index].rating = rating
    }

    /// Sets the flag only; `SessionStore.star` also copies the audio to the favourites.
    public mutating func setFavourite(_ favourite: Bool, forTake id: Take.ID) throws(SessionError) {
        guard let index = takeIndex(id) else { throw .takeNotFound(id: id) }
        takes[index].isFavourite = favourite
    }

    /// Adds a pair of two existing, different takes.
    @discardableResult
    public mutating func addPair(takeA: Take.ID, takeB: Take.ID) throws(SessionError) -> ABPair {
        guard take(takeA) != nil else { throw .takeNotFound(id: takeA) }
        guard take(takeB) != nil else { throw .takeNotFound(id: takeB) }
        guard takeA != takeB else { throw .selfPair(takeID: takeA) }
        let pair = ABPair(takeA: takeA, takeB: takeB)
        abPairs.append(pair)
        return pair
    }

    public mutating func setPreference(_ preference: ABPreference, forPair id: ABPair.ID) throws(SessionError) {
        guard let index = abPairs.firstIndex(where: { $0.id == id }) else { throw .pairNotFound(id: id) }
        abPairs[index].preferred = preference
    }

    public mutating func recordSwitch(inPair id: ABPair.ID) throws(SessionError) {
        guard let index = abPairs.firstIndex(where: { $0.id == id }) else { throw .pairNotFound(id: id) }
        abPairs[index].switchCount += 1
    }

    /// Moves `seed` to the end of the history (most recent), dropping the oldest beyond the limit.
    public mutating func recordSeed(_ seed: UInt64) {
        seedHistory.removeAll { $0 == seed }
        seedHistory.append(seed)
        if seedHistory.count > Self.seedHistoryLimit { seedHistory.removeFirst(seedHistory.count - Self.seedHistoryLimit) }
    }

    /// The request for the next take: the current settings, with a fresh seed unless the seed is
    /// locked. The fresh seed is stored in the settings, so the studio shows what will be used.
    public mutating func nextRequest<G: RandomNumberGenerator>(using generator: inout G) -> GenerationRequest {
        if settings.seedPolicy == .newEachTime { settings.request.seed = GenerationRequest.drawSeed(using: &generator) }
        return settings.request
    }

    public mutating func nextRequest() -> GenerationRequest {
        var generator = SystemRandomNumberGenerator()
        return nextRequest(using: &generator)
    }

}
