import Models
import Engine
import Session

/// The studio's typed options, as cmus has them: each has one name (used by `set`, `toggle`,
/// `edit`, key files and messages), a kind that parses and checks its values, and a summary for
/// the help overlay. Generation options live in the session's settings; `autoplay` and `loop`
/// belong to this run.
public enum StudioOption: String, Sendable, CaseIterable {
    case prompt
    case negative
    case negativeStrength = "negative-strength"
    case image
    /// The sound of audio mode (the parameter table's `audio`).
    case audio
    case mode
    case imageWeight = "image-weight"
    case guidance
    case priorGuidance = "prior-guidance"
    case priorCandidates = "prior-candidates"
    case priorWeights = "prior-weights"
    case precision
    case steps
    case sampler
    case seed
    case seedLock = "seed-lock"
    case duration
    case loop
    case fromAudio = "from-audio"
    case strength
    case theme
    case device
    case autoplay
    /// Playback repeats the take (the request's `loop` makes a take that loops seamlessly).
    case repeatPlayback = "repeat"
    /// How many takes `generate-variations` makes, each with its own seed.
    case variations

    /// The row of the generation parameter table this option edits (the names are the table's),
    /// or nil for the studio's own options.
    public var requestParameter: RequestParameter? { RequestParameters.named(rawValue) }

    /// Generation options take their kind and limits from the parameter table.
    public var kind: OptionKind {
        if let parameter = requestParameter {
            switch parameter.kind {
            case .text, .path: return .text
            case .choice(let choices): return .choice(choices)
            case .decimal(let range, let step): return .decimal(range, step: step)
            case .integer(let range, let step): return .integer(range, step: step)
            case .seed(let range): return .seed(range)
            case .flag: return .flag
            }
        }
        switch self {
        case .seedLock, .autoplay, .repeatPlayback: return .flag
        case .variations: return .integer(1...VariationGroup.maximumSize, step: 1)
        default: return .name
        }
    }

    public var summary: String {
        if let parameter = requestParameter { return parameter.help }
        switch self {
        case .seedLock: return "keep the seed (on) or draw a new one each take (off)"
        case .theme: return "colour theme"
        case .device: return "ALSA playback device"
        case .autoplay: return "play each take when it is ready"
        case .repeatPlayback: return "repeat the playing take"
        case .variations: return "takes a variations run makes (x), one seed each: seed, seed+1, ..."
        default: return rawValue
        }
    }

    /// The option named `name`, or the error naming the closest one.
    public static func named(_ name: String) throws(CommandError) -> StudioOption {
        if let option = StudioOption(rawValue: name.lowercased().replacingOccurrences(of: "_", with: "-")) { return option }
        throw .unknownOption(name: name, suggestion: NameSuggestion.closest(to: name, among: allCases.map(\.rawValue)))
    }
}
