/// Which take of an A/B pair the listener preferred.
public enum ABPreference: String, Codable, Sendable, CaseIterable {
    case a
    case b
    case none
}
