import Models

/// Version of the generation engine, written into every output's metadata.
public enum EngineInfo {
    public static let version = "0.1.0"
}
