import Engine
import Foundation
import Models

/// The JSON file written beside a favourite's audio copy (format "clipsonic-favourite",
/// version 1): enough to make the sound again, or to load its settings into the studio, without
/// the session it came from.
public struct FavouriteSidecar: Sendable, Equatable {
    public static let format = "clipsonic-favourite"
    public static let currentVersion = 2

    public var takeID: UUID
    public var request: GenerationRequest
    public var timings: StageTimings
    /// The model bundle's name: the same request with the same bundle gives the same sound.
    public var bundleName: String
    /// `EngineInfo.version` of the build that made the take.
    public var engineVersion: String
    /// The audio copy's file name; it lies in the sidecar's folder.
    public var audioFile: String
    /// When the take was generated.
    public var created: Date
    /// When it was starred.
    public var starred: Date
    public var duration: Double
    public var note: String

    public init(takeID: UUID, request: GenerationRequest, timings: StageTimings, bundleName: String,
                engineVersion: String = EngineInfo.version, audioFile: String, created: Date,
                starred: Date = SessionTimestamp.now(), duration: Double, note: String = "") {
        self.takeID = takeID; self.request = request; self.timings = timings; self.bundleName = bundleName
        self.engineVersion = engineVersion; self.audioFile = audioFile; self.created = created
        self.starred = starred; self.duration = duration; self.note = note
    }

    /// Reads a sidecar from its bytes; pure, with the same rules and messages as
    /// `StudioSession.parse(data:source:)`.
    public static func parse(data: Data, source: String) throws(SessionError) -> FavouriteSidecar {
        try VersionedDocument.decode(FavouriteSidecar.self, from: data, source: source, format: format,
                                     supportedVersion: currentVersion)
    }

    /// Reads the sidecar at `url` ("load settings from this file").
    public static func load(from url: URL) throws(SessionError) -> FavouriteSidecar {
        let data: Data
        do { data = try RegularFile.contents(url.path, limit: StudioSession.maximumFileSize) } catch {
            throw .readFailed(path: url.path, reason: error.reason)
        }
        return try parse(data: data, source: url.path)
    }

    public func encoded(source: String) throws(SessionError) -> Data {
        try VersionedDocument.encode(self, source: source)
    }
}
