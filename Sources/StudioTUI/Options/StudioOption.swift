import Engine

/// The studio's typed options, as cmus has them: each has one name (used by `set`, `toggle`,
/// `edit`, key files and messages), a kind that parses and checks its values, and a summary for
/// the help overlay. Generation options live in the session's settings; `autoplay` and `loop`
/// belong to this run.
public enum StudioOption: String, Sendable, CaseIterable {
    case prompt
    case negative
    case image
    case mode
    case imageWeight = "image-weight"
    case guidance
    case priorGuidance = "prior-guidance"
    case priorCandidates = "prior-candidates"
    case steps
    case sampler
    case seed
    case seedLock = "seed-lock"
    case duration
    case theme
    case device
    case autoplay
    case loop

    public var kind: OptionKind {
        switch self {
        case .prompt, .negative, .image: return .text
        case .mode: return .choice(ConditioningMode.allCases.map(\.rawValue))
        case .sampler: return .choice(SamplerKind.allCases.map(\.rawValue))
        case .imageWeight: return .decimal(0...1, step: 0.1)
        case .guidance, .priorGuidance: return .decimal(0...30, step: 0.5)
        case .priorCandidates: return .integer(1...16, step: 1)
        case .steps: return .integer(1...1000, step: 5)
        case .seed: return .seed
        case .duration: return .decimal(0...600, step: 0.5)
        case .seedLock, .autoplay, .loop: return .flag
        case .theme, .device: return .name
        }
    }

    public var summary: String {
        switch self {
        case .prompt: return "the text query"
        case .negative: return "negative prompt (empty: none)"
        case .image: return "picture for image and mix modes (empty: none)"
        case .mode: return "conditioning: zero-shot, prior, image or mix"
        case .imageWeight: return "weight of the picture in mix mode"
        case .guidance: return "U-Net classifier-free guidance scale"
        case .priorGuidance: return "diffusion prior guidance scale"
        case .priorCandidates: return "prior samples drawn, the closest kept"
        case .steps: return "denoising steps"
        case .sampler: return "denoising sampler"
        case .seed: return "seed of the next take"
        case .seedLock: return "keep the seed (on) or draw a new one each take (off)"
        case .duration: return "length in seconds (0: the bundle's own)"
        case .theme: return "colour theme"
        case .device: return "ALSA playback device"
        case .autoplay: return "play each take when it is ready"
        case .loop: return "loop playback"
        }
    }

    /// The option named `name`, or the error naming the closest one.
    public static func named(_ name: String) throws(CommandError) -> StudioOption {
        if let option = StudioOption(rawValue: name.lowercased().replacingOccurrences(of: "_", with: "-")) { return option }
        throw .unknownOption(name: name, suggestion: Suggestion.closest(to: name, among: allCases.map(\.rawValue)))
    }
}
