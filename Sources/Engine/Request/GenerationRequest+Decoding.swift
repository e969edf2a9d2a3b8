extension GenerationRequest {
    enum CodingKeys: String, CodingKey {
        case prompt, imagePath, mode, imageWeight, negativePrompt, guidanceScale, priorGuidanceScale
        case priorCandidates, steps, sampler, seed, duration
    }

    /// Missing fields take the defaults of `GenerationRequest()`, so requests written by hand,
    /// by older versions or by other tools need only what they change.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = GenerationRequest()
        prompt = try c.decodeIfPresent(String.self, forKey: .prompt) ?? d.prompt
        imagePath = try c.decodeIfPresent(String.self, forKey: .imagePath)
        mode = try c.decodeIfPresent(ConditioningMode.self, forKey: .mode) ?? d.mode
        imageWeight = try c.decodeIfPresent(Float.self, forKey: .imageWeight) ?? d.imageWeight
        negativePrompt = try c.decodeIfPresent(String.self, forKey: .negativePrompt)
        guidanceScale = try c.decodeIfPresent(Float.self, forKey: .guidanceScale) ?? d.guidanceScale
        priorGuidanceScale = try c.decodeIfPresent(Float.self, forKey: .priorGuidanceScale) ?? d.priorGuidanceScale
        priorCandidates = try c.decodeIfPresent(Int.self, forKey: .priorCandidates) ?? d.priorCandidates
        steps = try c.decodeIfPresent(Int.self, forKey: .steps) ?? d.steps
        sampler = try c.decodeIfPresent(SamplerKind.self, forKey: .sampler) ?? d.sampler
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        duration = try c.decodeIfPresent(Double.self, forKey: .duration)
    }
}
