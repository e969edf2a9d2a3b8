/// Whether the next take reuses the current seed (to hear the effect of one parameter change) or
/// draws a fresh one.
public enum SeedPolicy: String, Codable, Sendable, CaseIterable {
    case locked
    case newEachTime = "new-each-time"
}
