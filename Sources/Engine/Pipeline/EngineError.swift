/// Errors of the generation engine; each names what was wrong and what to do.
public enum EngineError: Error, CustomStringConvertible, Equatable {
    case invalidRequest(String)
    case missingComponent(bundle: String, component: String, needed: String)
    case unreadableImage(path: String, reason: String)
    case network(String)

    public var description: String {
        switch self {
        case let .invalidRequest(why): "invalid request: \(why)"
        case let .missingComponent(bundle, component, needed):
            "bundle \(bundle) has no \(component), which \(needed) needs; use another mode or a bundle with a \(component)"
        case let .unreadableImage(path, reason): "cannot use picture \(path): \(reason)"
        case let .network(why): "generation failed: \(why)"
        }
    }
}
