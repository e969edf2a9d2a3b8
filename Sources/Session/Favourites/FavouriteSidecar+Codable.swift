import Engine
import Foundation

extension FavouriteSidecar: Codable {
    private enum CodingKeys: String, CodingKey {
        case format, version, takeID, request, timings, bundleName, engineVersion, audioFile, created, starred
        case duration, note
    }

    /// `request` and `audioFile` are what a sidecar is for and are required; the rest default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        request = try container.decode(GenerationRequest.self, forKey: .request)
        audioFile = try container.decode(String.self, forKey: .audioFile)
        takeID = try container.decodeIfPresent(UUID.self, forKey: .takeID) ?? UUID()
        timings = try container.decodeIfPresent(StageTimings.self, forKey: .timings) ?? StageTimings()
        bundleName = try container.decodeIfPresent(String.self, forKey: .bundleName) ?? ""
        engineVersion = try container.decodeIfPresent(String.self, forKey: .engineVersion) ?? ""
        created = try container.decodeIfPresent(Date.self, forKey: .created) ?? Date(timeIntervalSince1970: 0)
        starred = try container.decodeIfPresent(Date.self, forKey: .starred) ?? created
        duration = try container.decodeIfPresent(Double.self, forKey: .duration) ?? 0
        note = try container.decodeIfPresent(String.self, forKey: .note) ?? ""
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.format, forKey: .format)
        try container.encode(Self.currentVersion, forKey: .version)
        try container.encode(takeID, forKey: .takeID)
        try container.encode(request, forKey: .request)
        try container.encode(timings, forKey: .timings)
        try container.encode(bundleName, forKey: .bundleName)
        try container.encode(engineVersion, forKey: .engineVersion)
        try container.encode(audioFile, forKey: .audioFile)
        try container.encode(created, forKey: .created)
        try container.encode(starred, forKey: .starred)
        try container.encode(duration, forKey: .duration)
        try container.encode(note, forKey: .note)
    }
}
