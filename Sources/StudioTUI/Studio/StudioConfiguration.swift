import Foundation

/// How `clipsonic studio` was started.
public struct StudioConfiguration: Sendable {
    /// The session file: opened if it exists, else created.
    public var sessionFile: URL
    /// The model bundle; nil uses the session's (or `defaultBundle` for a new session).
    public var bundle: URL?
    public var defaultBundle: URL
    /// ALSA device; nil uses the session's.
    public var deviceName: String?
    /// Theme name; nil uses the session's.
    public var themeName: String?
    /// A key file to use instead of the user's usual one.
    public var keyFile: URL?
    /// Loads the engine on the engine's thread; the default opens `bundle` with `GenerationEngine`.
    public var engineLoader: (@Sendable (URL) throws -> any TakeGenerator)?

    public init(sessionFile: URL, bundle: URL? = nil, defaultBundle: URL, deviceName: String? = nil,
                themeName: String? = nil, keyFile: URL? = nil,
                engineLoader: (@Sendable (URL) throws -> any TakeGenerator)? = nil) {
        self.sessionFile = sessionFile; self.bundle = bundle; self.defaultBundle = defaultBundle
        self.deviceName = deviceName; self.themeName = themeName; self.keyFile = keyFile
        self.engineLoader = engineLoader
    }
}
