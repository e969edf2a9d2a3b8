import Foundation

extension StudioSession: Codable {
    private enum CodingKeys: String, CodingKey {
        case format, version, bundlePath, created, modified, settings, takes, abPairs, favouritesFolder, seedHistory, trash, variationGroups
    }

    /// The members `init(from:)` reads before `takes`, in its order: a read that finds a bad
    /// take before decoding the rest (`fastRead`) reports an error in one of these first, as
    /// this initializer would. Kept beside it; `SessionFastReadingTests` checks the order.
    static let membersDecodedBeforeTakes: Set<String> = ["bundlePath", "created", "modified", "settings"]

    /// `format` and `version` are checked before this runs (see `parse(data:source:)`).
    /// `bundlePath` and `created` are required; everything else has a default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bundlePath = try container.decode(String.self, forKey: .bundlePath)
        created = try container.decode(Date.self, forKey: .created)
        modified = try container.decodeIfPresent(Date.self, forKey: .modified) ?? created
        settings = try container.decodeIfPresent(StudioSettings.self, forKey: .settings) ?? StudioSettings()
        takes = try container.decodeIfPresent(TakeList.self, forKey: .takes) ?? []
        abPairs = try container.decodeIfPresent([ABPair].self, forKey: .abPairs) ?? []
        favouritesFolder = try container.decodeIfPresent(String.self, forKey: .favouritesFolder) ?? "favourites"
        seedHistory = try container.decodeIfPresent([UInt64].self, forKey: .seedHistory) ?? []
        trash = try container.decodeIfPresent([DeletedTake].self, forKey: .trash) ?? []
        variationGroups = try container.decodeIfPresent([VariationGroup].self, forKey: .variationGroups) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.format, forKey: .format)
        try container.encode(Self.currentVersion, forKey: .version)
        try container.encode(bundlePath, forKey: .bundlePath)
        try container.encode(created, forKey: .created)
        try container.encode(modified, forKey: .modified)
        try container.encode(settings, forKey: .settings)
        try container.encode(takes, forKey: .takes)
        try container.encode(abPairs, forKey: .abPairs)
        try container.encode(favouritesFolder, forKey: .favouritesFolder)
        try container.encode(seedHistory, forKey: .seedHistory)
        try container.encode(trash, forKey: .trash)
        try container.encode(variationGroups, forKey: .variationGroups)
    }
}
