import Foundation

/// Two takes compared by ear, usually the same prompt and seed in two modes.
public struct ABPair: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var takeA: Take.ID
    public var takeB: Take.ID
    public var preferred: ABPreference
    /// How many times the listener switched between A and B, a rough measure of how close the
    /// decision was.
    public var switchCount: Int

    public init(id: UUID = UUID(), takeA: Take.ID, takeB: Take.ID, preferred: ABPreference = .none,
                switchCount: Int = 0) {
        self.id = id; self.takeA = takeA; self.takeB = takeB; self.preferred = preferred
        self.switchCount = switchCount
    }

    private enum CodingKeys: String, CodingKey { case id, takeA, takeB, preferred, switchCount }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        takeA = try container.decode(UUID.self, forKey: .takeA)
        takeB = try container.decode(UUID.self, forKey: .takeB)
        preferred = try container.decodeIfPresent(ABPreference.self, forKey: .preferred) ?? .none
        switchCount = try container.decodeIfPresent(Int.self, forKey: .switchCount) ?? 0
    }
}
