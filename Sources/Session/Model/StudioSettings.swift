import Engine
import Foundation

/// The studio's current settings: what the next take will be generated with, and UI choices.
public struct StudioSettings: Codable, Sendable, Equatable {
    /// Parameters of the next take.
    public var request: GenerationRequest
    public var seedPolicy: SeedPolicy
    /// A theme name as `ThemeLoader` looks it up ("dark", "light", "high-contrast", or a user theme).
    public var themeName: String
    /// The ALSA playback device ("default", "hw:1,0", ...).
    public var deviceName: String
    /// Where new takes' audio is written, inside the session's folder (`SessionStore` ignores a
    /// value that leads outside it).
    public var outputFolder: String
    /// The take selected when the studio last saved, and the first take row shown then, so a
    /// reopened session looks as it was left. Saved with the next change or on quit, not on
    /// every move of the selection.
    public var selectedTake: UUID?
    public var firstVisibleTake: Int
    /// Takes a variations run makes (1 to `VariationGroup.maximumSize`).
    public var variations: Int

    public static let defaultVariations = 3

    public static let defaultOutputFolder = "takes"

    public init(request: GenerationRequest = GenerationRequest(), seedPolicy: SeedPolicy = .newEachTime,
                themeName: String = "dark", deviceName: String = "default", outputFolder: String = defaultOutputFolder,
                selectedTake: UUID? = nil, firstVisibleTake: Int = 0, variations: Int = defaultVariations) {
        self.request = request; self.seedPolicy = seedPolicy; self.themeName = themeName
        self.deviceName = deviceName; self.outputFolder = outputFolder
        self.selectedTake = selectedTake; self.firstVisibleTake = firstVisibleTake
        self.variations = variations
    }

    private enum CodingKeys: String, CodingKey { case request, seedPolicy, themeName, deviceName, outputFolder, selectedTake, firstVisibleTake, variations }

    /// Every field is optional in the file; absent ones take the defaults of `init()`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let fallback = StudioSettings()
        request = try container.decodeIfPresent(GenerationRequest.self, forKey: .request) ?? fallback.request
        seedPolicy = try container.decodeIfPresent(SeedPolicy.self, forKey: .seedPolicy) ?? fallback.seedPolicy
        themeName = try container.decodeIfPresent(String.self, forKey: .themeName) ?? fallback.themeName
        deviceName = try container.decodeIfPresent(String.self, forKey: .deviceName) ?? fallback.deviceName
        outputFolder = try container.decodeIfPresent(String.self, forKey: .outputFolder) ?? fallback.outputFolder
        selectedTake = try container.decodeIfPresent(UUID.self, forKey: .selectedTake)
        firstVisibleTake = max(try container.decodeIfPresent(Int.self, forKey: .firstVisibleTake) ?? 0, 0)
        // A view preference: a value out of range is brought into it rather than refusing the session.
        let variations = try container.decodeIfPresent(Int.self, forKey: .variations) ?? fallback.variations
        self.variations = min(max(variations, 1), VariationGroup.maximumSize)
    }
}
