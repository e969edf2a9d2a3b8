import Models

/// The table of generation parameters: the product's one contract. The CLI's options, the batch
/// and tag JSON, `--json` output, sessions and the studio's options are all derived from it, and
/// the engine validates with it.
public enum RequestParameters {
    /// Seeds are 32-bit: every JSON tool reads numbers as doubles, exact only to 2^53, and
    /// PyTorch's `manual_seed` takes them too.
    public static let seedRange: ClosedRange<UInt64> = 0...UInt64(UInt32.max)

    public static let prompt = RequestParameter(
        "prompt", .text, default: .text(""), valueName: "TEXT",
        help: "What the sound should be; in mix mode, with the picture.",
        get: { .text($0.prompt) }, set: { r, v in r.prompt = v.text })
    public static let negative = RequestParameter(
        "negative", .text, default: .none, optional: true, valueName: "TEXT",
        help: "Negative prompt: steer away from this (in every mode but zero-shot it goes through the prior).",
        get: { $0.negativePrompt.map { .text($0) } ?? .none },
        set: { r, v in r.negativePrompt = v == .none ? nil : v.text })
    public static let negativeStrength = RequestParameter(
        "negative-strength", .decimal(0...1, step: 0.05), default: .decimal(0.5), valueName: "S",
        help: "How far the negative prompt turns the condition away from itself; 0 has no effect, past 0.5 the take drifts from the prompt.",
        get: { .decimal(shortest($0.negativeStrength)) },
        set: { r, v in r.negativeStrength = v.float ?? r.negativeStrength })
    public static let image = RequestParameter(
        "image", .path, default: .none, optional: true, valueName: "PATH",
        help: "A picture (PNG/JPEG) or a video (file.mp4, or file.mp4@SECONDS) for image and mix modes.",
        get: { $0.imagePath.map { .text($0) } ?? .none },
        set: { r, v in r.imagePath = v == .none ? nil : v.text })
    public static let mode = RequestParameter(
        "mode", .choice(ConditioningMode.allCases.map(\.rawValue)), default: .text(ConditioningMode.prior.rawValue),
        valueName: "MODE", help: "Conditioning: the prompt's CLIP text embedding (zero-shot), an image embedding from the prior (prior), a picture (image), prior and picture mixed (mix), or a sound through the bundle's audio encoder (audio).",
        get: { .text($0.mode.rawValue) },
        set: { r, v in if let m = ConditioningMode(rawValue: v.text) { r.mode = m } })
    public static let audio = RequestParameter(
        "audio", .path, default: .none, optional: true, valueName: "FILE",
        help: "A sound (WAV/FLAC, any sample rate) for audio mode: the take is conditioned on its embedding by the bundle's audio encoder.",
        get: { $0.audioPath.map { .text($0) } ?? .none },
        set: { r, v in r.audioPath = v == .none ? nil : v.text })
    public static let imageWeight = RequestParameter(
        "image-weight", .decimal(0...1, step: 0.1), default: .decimal(0.5), valueName: "W",
        help: "Weight of the picture in mix mode.",
        get: { .decimal(shortest($0.imageWeight)) }, set: { r, v in r.imageWeight = v.float ?? r.imageWeight })
    public static let guidance = RequestParameter(
        "guidance", .decimal(0...50, step: 0.5), default: .decimal(3), valueName: "SCALE",
        help: "Classifier-free guidance scale of the U-Net; 1 turns guidance off.",
        get: { .decimal(shortest($0.guidanceScale)) }, set: { r, v in r.guidanceScale = v.float ?? r.guidanceScale })
    public static let priorGuidance = RequestParameter(
        "prior-guidance", .decimal(0...20, step: 0.5), default: .decimal(1), valueName: "SCALE",
        help: "Classifier-free guidance scale of the diffusion prior; needs a prior with a learned null condition.",
        get: { .decimal(shortest($0.priorGuidanceScale)) },
        set: { r, v in r.priorGuidanceScale = v.float ?? r.priorGuidanceScale })
    public static let priorCandidates = RequestParameter(
        "prior-candidates", .integer(1...16, step: 1), default: .integer(2), valueName: "N",
        help: "Prior samples drawn; the one closest to the prompt is kept.",
        get: { .integer($0.priorCandidates) }, set: { r, v in if case .integer(let n) = v { r.priorCandidates = n } })
    public static let priorWeights = RequestParameter(
        "prior-weights", .choice(PriorWeightWidth.allCases.map(\.rawValue)), default: .text(PriorWeightWidth.float32.rawValue),
        valueName: "WIDTH",
        help: "Width the prior's weights are read at: float16 reads half the bytes (LAION's prior samples about 1.4x faster) and moves its embedding by about 1e-3.",
        get: { .text($0.priorWeights.rawValue) },
        set: { r, v in if let w = PriorWeightWidth(rawValue: v.text) { r.priorWeights = w } })
    public static let precision = RequestParameter(
        "precision", .choice(ComputePrecision.allCases.map(\.rawValue)), default: .text(ComputePrecision.float32.rawValue),
        valueName: "FORMAT",
        help: "Number format of the U-Net's and the vocoder's convolutions: bfloat16 needs a CPU with AMX or AVX512_BF16 and changes the take slightly; with AMX a full-size take is about 1.5x faster, without it slower (the engine says so).",
        get: { .text($0.precision.rawValue) },
        set: { r, v in if let p = ComputePrecision(rawValue: v.text) { r.precision = p } })
    public static let steps = RequestParameter(
        "steps", .integer(1...1000, step: 5), default: .integer(25), valueName: "N",
        help: "Denoising steps.",
        get: { .integer($0.steps) }, set: { r, v in if case .integer(let n) = v { r.steps = n } })
    public static let sampler = RequestParameter(
        "sampler", .choice(SamplerKind.allCases.map(\.rawValue)), default: .text(SamplerKind.dpmSolverPP.rawValue),
        valueName: "NAME", help: "Denoising sampler.",
        get: { .text($0.sampler.rawValue) },
        set: { r, v in if let s = SamplerKind(rawValue: v.text) { r.sampler = s } })
    public static let seed = RequestParameter(
        "seed", .seed(seedRange), default: .seed(0), defaultDescription: "drawn anew for each take", valueName: "N",
        help: "Seed of the starting noise; always printed and stored with the take.",
        get: { .seed($0.seed) }, set: { r, v in if case .seed(let s) = v { r.seed = s } })
    public static let duration = RequestParameter(
        "duration", .decimal(0.25...600, step: 0.5), default: .none, optional: true,
        defaultDescription: "the bundle's own length", valueName: "SECONDS",
        help: "Length in seconds; beyond the bundle's window the take continues window by window; native: the bundle's own length.",
        get: { $0.duration.map { .decimal($0) } ?? .none },
        set: { r, v in if case .decimal(let x) = v { r.duration = x } else { r.duration = nil } })

    public static let loop = RequestParameter(
        "loop", .flag, default: .flag(false), valueName: "on|off",
        help: "A seamless loop: the take's end runs on into its start, so repeating it has no seam.",
        get: { .flag($0.loop) }, set: { r, v in if case .flag(let on) = v { r.loop = on } })
    public static let fromAudio = RequestParameter(
        "from-audio", .path, default: .none, optional: true, valueName: "FILE",
        help: "A sound (WAV/FLAC, any sample rate) to start from: the take is a variation of it.",
        get: { $0.sourceAudio.map { .text($0) } ?? .none },
        set: { r, v in r.sourceAudio = v == .none ? nil : v.text })
    public static let strength = RequestParameter(
        "strength", .decimal(0.05...1, step: 0.05), default: .decimal(0.6), valueName: "S",
        help: "How far a variation departs from its from-audio sound; 1 is a fresh take.",
        get: { .decimal(shortest($0.strength)) }, set: { r, v in r.strength = v.float ?? r.strength })

    /// Every parameter, in the order help lists them.
    public static let all: [RequestParameter] = [prompt, mode, image, audio, imageWeight, negative, negativeStrength, guidance, priorGuidance,
                                                 priorCandidates, priorWeights, precision, steps, sampler, seed, duration, loop, fromAudio,
                                                 strength]

    public static func named(_ name: String) -> RequestParameter? { positionByName[name].map { all[$0] } }

    /// Where each name is in `all`: a session of 100,000 takes looks up over a million names
    /// as it opens, and a scan copied each parameter it passed.
    static let positionByName: [String: Int] = Dictionary(
        all.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })

    /// Each name's UTF-8, in the table's order: a key read straight from a session file's bytes
    /// is compared with these (the table has fewer than 64 parameters, so a bit each).
    private static let nameBytes: [[UInt8]] = all.prefix(64).map { Array($0.name.utf8) }

    /// Where the parameter named by `key` is in `all`.
    static func position(of key: JSONReader.Key) -> Int? {
        nameBytes.withUnsafeBufferPointer { names in
            for position in names.indices where names[position].count == key.bytes.count && key.matches(names[position]) {
                return position
            }
            return nil
        }
    }

    /// `all`, unretained, for the loop that reads a session's requests on all cores: retaining
    /// a shared parameter from two threads at once made them take turns at its reference count
    /// (a third of reading a request). `all` keeps every parameter alive for the process.
    nonisolated(unsafe) static let unretained: [Unmanaged<RequestParameter>] = all.map { Unmanaged.passUnretained($0) }
}

/// A Float parameter as the Double people typed: 0.6, not 0.6000000238418579, so values compare
/// and print as written and convert back to the same Float.
func shortest(_ x: Float) -> Double { Double(x.description) ?? Double(x) }

extension ParameterValue {
    /// A decimal as the Float the request holds.
    var float: Float? {
        if case .decimal(let x) = self { return Float(x) }
        return nil
    }
}
