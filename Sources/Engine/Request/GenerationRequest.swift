/// Everything that determines a take. Codable: it is the record a session keeps and the
/// parameters written into every output file, so the same request with the same bundle gives
/// the same sound.
public struct GenerationRequest: Codable, Sendable, Equatable {
    /// The text query; empty in image mode.
    public var prompt: String
    /// A picture (PNG/JPEG) or a video frame, for image and mix modes.
    public var imagePath: String?
    public var mode: ConditioningMode
    /// Weight of the picture's embedding in mix mode, 0...1.
    public var imageWeight: Float
    /// Text whose embedding replaces the null embedding in the unconditional branch.
    public var negativePrompt: String?
    /// Classifier-free guidance scale of the U-Net; 1 disables the unconditional pass.
    public var guidanceScale: Float
    /// Classifier-free guidance scale of the diffusion prior.
    public var priorGuidanceScale: Float
    /// Prior samples drawn; the one closest to the text embedding is kept.
    public var priorCandidates: Int
    public var steps: Int
    public var sampler: SamplerKind
    public var seed: UInt64
    /// Length of the take in seconds; nil means the bundle's native length.
    public var duration: Double?

    public init(prompt: String = "", imagePath: String? = nil, mode: ConditioningMode = .prior,
                imageWeight: Float = 0.5, negativePrompt: String? = nil, guidanceScale: Float = 3,
                priorGuidanceScale: Float = 1, priorCandidates: Int = 2, steps: Int = 25,
                sampler: SamplerKind = .dpmSolverPP, seed: UInt64 = 0, duration: Double? = nil) {
        self.prompt = prompt; self.imagePath = imagePath; self.mode = mode; self.imageWeight = imageWeight
        self.negativePrompt = negativePrompt; self.guidanceScale = guidanceScale
        self.priorGuidanceScale = priorGuidanceScale; self.priorCandidates = priorCandidates
        self.steps = steps; self.sampler = sampler; self.seed = seed; self.duration = duration
    }
}

extension GenerationRequest: CustomStringConvertible {
    /// One line for logs and status bars.
    public var description: String {
        var parts = ["mode=\(mode.rawValue)", "seed=\(seed)", "guidance=\(guidanceScale)", "steps=\(steps)",
                     "sampler=\(sampler.rawValue)"]
        if !prompt.isEmpty { parts.insert("prompt=\"\(prompt)\"", at: 0) }
        if let imagePath { parts.append("image=\(imagePath)") }
        if let negativePrompt { parts.append("negative=\"\(negativePrompt)\"") }
        if let duration { parts.append("duration=\(duration)s") }
        return parts.joined(separator: " ")
    }
}
