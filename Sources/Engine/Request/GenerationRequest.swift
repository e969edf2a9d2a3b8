import Foundation
import Models

/// Everything that determines a take. Its parameters, their one spelling, limits and defaults are
/// the table in `RequestParameters`; the request is what a session keeps and what every output
/// file's tags hold, so the same request with the same bundle gives the same sound.
public struct GenerationRequest: Sendable, Equatable {
    /// The text query; unused in image mode.
    public var prompt: String
    /// A picture (PNG/JPEG) or a video frame, for image and mix modes.
    public var imagePath: String?
    public var mode: ConditioningMode
    /// Weight of the picture's embedding in mix mode, 0...1.
    public var imageWeight: Float
    /// Text to steer away from: the condition embedding is turned away from the negative's.
    public var negativePrompt: String?
    /// How far the negative turns the condition, 0...1.
    public var negativeStrength: Float
    /// Classifier-free guidance scale of the U-Net; 1 disables the unconditional pass.
    public var guidanceScale: Float
    /// Classifier-free guidance scale of the diffusion prior.
    public var priorGuidanceScale: Float
    /// Prior samples drawn; the one closest to the text embedding is kept.
    public var priorCandidates: Int
    /// The width the prior's weight matrices are read at: float16 halves what each of its steps
    /// reads from memory, and changes the embedding slightly (docs/requests.md).
    public var priorWeights: PriorWeightWidth
    /// The number format of the U-Net's and the vocoder's convolutions: bfloat16 makes a
    /// full-size take about 1.5x faster on a CPU with AMX (slower with AVX512_BF16 alone) and changes it slightly.
    public var precision: ComputePrecision
    public var steps: Int
    public var sampler: SamplerKind
    public var seed: UInt64
    /// Length of the take in seconds; nil means the bundle's native length. Beyond the native
    /// window the take is generated window by window, each continuing the last.
    public var duration: Double?
    /// Whether the take must loop seamlessly (its end continuing into its start).
    public var loop: Bool
    /// A sound to start from (WAV/FLAC): the take is a variation of it.
    public var sourceAudio: String?
    /// How far a variation departs from its source, (0, 1]; 1 ignores the source.
    public var strength: Float
    /// A sound (WAV/FLAC) for audio mode: the U-Net is conditioned on its audio-encoder embedding.
    public var audioPath: String?

    /// The table's defaults, applied once.
    public static let defaults: GenerationRequest = {
        var request = GenerationRequest(prompt: "", imagePath: nil, mode: .prior, imageWeight: 0, negativePrompt: nil,
                                        negativeStrength: 0, guidanceScale: 0, priorGuidanceScale: 0, priorCandidates: 0,
                                        priorWeights: .float32, precision: .float32, steps: 0,
                                        sampler: .dpmSolverPP, seed: 0, duration: nil, loop: false,
                                        sourceAudio: nil, strength: 0, audioPath: nil, raw: ())
        for parameter in RequestParameters.all { parameter.assign(parameter.defaultValue, to: &request) }
        return request
    }()

    public init(prompt: String = defaults.prompt, imagePath: String? = defaults.imagePath,
                mode: ConditioningMode = defaults.mode, imageWeight: Float = defaults.imageWeight,
                negativePrompt: String? = defaults.negativePrompt, negativeStrength: Float = defaults.negativeStrength,
                guidanceScale: Float = defaults.guidanceScale,
                priorGuidanceScale: Float = defaults.priorGuidanceScale, priorCandidates: Int = defaults.priorCandidates,
                priorWeights: PriorWeightWidth = defaults.priorWeights, precision: ComputePrecision = defaults.precision,
                steps: Int = defaults.steps, sampler: SamplerKind = defaults.sampler, seed: UInt64 = defaults.seed,
                duration: Double? = defaults.duration, loop: Bool = defaults.loop,
                sourceAudio: String? = defaults.sourceAudio, strength: Float = defaults.strength,
                audioPath: String? = defaults.audioPath) {
        self.init(prompt: prompt, imagePath: imagePath, mode: mode, imageWeight: imageWeight,
                  negativePrompt: negativePrompt, negativeStrength: negativeStrength, guidanceScale: guidanceScale,
                  priorGuidanceScale: priorGuidanceScale,
                  priorCandidates: priorCandidates, priorWeights: priorWeights, precision: precision, steps: steps, sampler: sampler, seed: seed,
                  duration: duration,
                  loop: loop, sourceAudio: sourceAudio, strength: strength, audioPath: audioPath, raw: ())
    }

    private init(prompt: String, imagePath: String?, mode: ConditioningMode, imageWeight: Float, negativePrompt: String?,
                 negativeStrength: Float, guidanceScale: Float, priorGuidanceScale: Float, priorCandidates: Int,
                 priorWeights: PriorWeightWidth, precision: ComputePrecision, steps: Int,
                 sampler: SamplerKind, seed: UInt64, duration: Double?, loop: Bool, sourceAudio: String?,
                 strength: Float, audioPath: String?, raw: Void) {
        self.prompt = prompt; self.imagePath = imagePath; self.mode = mode; self.imageWeight = imageWeight
        self.negativePrompt = negativePrompt; self.negativeStrength = negativeStrength; self.guidanceScale = guidanceScale
        self.priorGuidanceScale = priorGuidanceScale; self.priorCandidates = priorCandidates
        self.priorWeights = priorWeights; self.precision = precision
        self.steps = steps; self.sampler = sampler; self.seed = seed; self.duration = duration
        self.loop = loop; self.sourceAudio = sourceAudio; self.strength = strength; self.audioPath = audioPath
    }

    /// What the take is of, for titles and file names: the prompt, the picture's file name in
    /// image mode (the prompt is unused there), both in mix mode, the sound's file name in audio
    /// mode (in the `picture` place: the file the take is of).
    public var subject: (picture: String?, prompt: String?) {
        let file = mode == .audio ? audioPath : imagePath
        let stem = file.map { path -> String in
            // "clip.mp4@12.5" names the video.
            let file = path.split(separator: "@", omittingEmptySubsequences: false).first.map(String.init) ?? path
            let name = file.split(separator: "/").last.map(String.init) ?? file
            guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
            return String(name[..<dot])
        }
        let text = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        switch mode {
        case .image, .audio: return (stem, nil)
        case .mix: return (stem, text.isEmpty ? nil : text)
        case .zeroShot, .prior: return (nil, text.isEmpty ? nil : text)
        }
    }
}

extension GenerationRequest: CustomStringConvertible {
    /// One line for logs and status bars, in the table's spelling.
    public var description: String {
        RequestParameters.all.compactMap { p -> String? in
            let v = p.value(in: self)
            if v == .none || v == .text("") { return nil }
            if case .text(let t) = v, p.kind == .text || p.kind == .path { return "\(p.name)=\"\(t)\"" }
            return "\(p.name)=\(v.text)"
        }.joined(separator: " ")
    }
}
