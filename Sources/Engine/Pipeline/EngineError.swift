/// Errors of the generation engine; each names what was wrong and what to do.
public enum EngineError: Error, CustomStringConvertible, Equatable {
    case invalidRequest(String)
    case missingComponent(bundle: String, component: String, needed: String)
    case unreadableImage(path: String, reason: String)
    case unreadableAudio(path: String, reason: String)
    /// The sound of audio mode (the query) could not be used.
    case unreadableQuerySound(path: String, reason: String)
    case network(String)
    /// A stage produced NaN or infinity; nothing is written from it.
    case nonFinite(stage: String, index: Int)
    /// The bundle (or a take of this length) needs more memory than the machine has available.
    case insufficientMemory(what: String, needed: Double, available: Double, source: String, breakdown: String,
                            advice: String)

    public var description: String {
        switch self {
        case let .invalidRequest(why): "invalid request: \(why)"
        case let .missingComponent(bundle, component, needed):
            "bundle \(bundle) has no \(component), which \(needed) needs; use another mode or a bundle with \(component.first.map { "aeiou".contains($0) } == true ? "an" : "a") \(component)"
        case let .unreadableImage(path, reason): "cannot use picture \(path): \(reason)"
        case let .unreadableAudio(path, reason): "cannot vary the sound \(path): \(reason)"
        case let .unreadableQuerySound(path, reason): "cannot use the sound \(path) as the query: \(reason)"
        case let .network(why): "generation failed: \(why)"
        case let .insufficientMemory(what, needed, available, source, breakdown, advice):
            "\(what) needs about \(Self.gigabytes(needed)) of memory (\(breakdown)) but this machine has "
                + "\(Self.gigabytes(available)) available (\(source)); \(advice)"
        case let .nonFinite(stage, index): "generation failed: the \(stage) produced a value that is not a number (element \(index)); nothing was saved. The bundle's weights may not fit together (try another seed, fewer steps or a lower guidance to narrow it down)"
        }
    }

    /// "12.3 GB", "0.05 GB": one unit, so that two figures compare at a glance.
    static func gigabytes(_ bytes: Double) -> String {
        let gb = bytes / 1e9
        if gb >= 1e6 { return "\(Int(min(gb, 1e15))) GB" }
        return gb >= 10 ? "\(Int(gb.rounded())) GB" : "\((gb * 100).rounded() / 100) GB"
    }
}
