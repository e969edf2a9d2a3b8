extension GenerationRequest {
    enum CodingKeys: String, CodingKey {
        case prompt, imagePath, mode, imageWeight, negativePrompt, guidanceScale, priorGuidanceScale
        case priorCandidates, steps, sampler, seed, duration
    }

    /// Missing fields take the defaults of `GenerationRequest()`, so requests written by hand,
    /// by older versions or by other tools need only what they change. A field that is present
    /// must be valid: `"steps": null` is an error, not a default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = GenerationRequest()
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            c.contains(key) ? try c.decode(T.self, forKey: key) : fallback
        }
        prompt = try value(.prompt, d.prompt)
        imagePath = try c.decodeIfPresent(String.self, forKey: .imagePath)
        mode = try value(.mode, d.mode)
        imageWeight = try value(.imageWeight, d.imageWeight)
        negativePrompt = try c.decodeIfPresent(String.self, forKey: .negativePrompt)
        guidanceScale = try value(.guidanceScale, d.guidanceScale)
        priorGuidanceScale = try value(.priorGuidanceScale, d.priorGuidanceScale)
        priorCandidates = try value(.priorCandidates, d.priorCandidates)
        steps = try value(.steps, d.steps)
        sampler = try value(.sampler, d.sampler)
        seed = try value(.seed, d.seed)
        duration = try c.decodeIfPresent(Double.self, forKey: .duration)
    }
}
