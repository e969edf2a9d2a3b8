import Foundation

/// A take deleted from the session, kept so that the delete can be undone (also after the
/// session is reopened): the take as it was, where it stood, the A/B pairs that went with it,
/// and where its audio was moved (the session folder's `trash/`).
public struct DeletedTake: Codable, Sendable, Equatable {
    public var take: Take
    /// Its index in `takes` when it was deleted; undo puts it back there (or at the end).
    public var index: Int
    /// The A/B pairs it belonged to; undo restores those whose other take is still there.
    public var pairs: [ABPair]
    /// The variation group it was in and its place there; undo puts it back.
    public var group: UUID?
    public var groupPosition: Int?
    /// Where the audio was moved, stored like every path (relative to the session folder).
    public var trashPath: String
    public var deleted: Date

    public init(take: Take, index: Int, pairs: [ABPair], group: UUID? = nil, groupPosition: Int? = nil,
                trashPath: String, deleted: Date) {
        self.take = take; self.index = index; self.pairs = pairs; self.group = group; self.groupPosition = groupPosition
        self.trashPath = trashPath; self.deleted = deleted
    }

    private enum CodingKeys: String, CodingKey { case take, index, pairs, group, groupPosition, trashPath, deleted }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        take = try container.decode(Take.self, forKey: .take)
        index = try container.decode(Int.self, forKey: .index)
        pairs = try container.decodeIfPresent([ABPair].self, forKey: .pairs) ?? []
        group = try container.decodeIfPresent(UUID.self, forKey: .group)
        groupPosition = try container.decodeIfPresent(Int.self, forKey: .groupPosition)
        trashPath = try container.decode(String.self, forKey: .trashPath)
        deleted = try container.decode(Date.self, forKey: .deleted)
    }
}
