import Foundation

extension GenerationRequest {
    /// Checks every parameter against the table's limits, and that each of `modes` (default:
    /// the request's own) has what it is conditioned on. The one place these rules live.
    public func validate(modes: [ConditioningMode]? = nil) throws(RequestError) {
        for parameter in RequestParameters.all { try parameter.check(parameter.value(in: self)) }
        for mode in modes ?? [mode] { try checkCondition(for: mode) }
    }

    /// What `mode` needs: a prompt for zero-shot and prior, a picture for image, both for mix,
    /// a sound for audio.
    public func checkCondition(for mode: ConditioningMode) throws(RequestError) {
        let hasPrompt = !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        let hasPicture = !(imagePath ?? "").isEmpty
        switch mode {
        case .zeroShot, .prior:
            if !hasPrompt { throw .missingCondition("\(mode.rawValue) mode needs a prompt") }
        case .image:
            if !hasPicture { throw .missingCondition("image mode needs a picture") }
        case .mix:
            if !hasPrompt || !hasPicture { throw .missingCondition("mix mode needs both a prompt and a picture") }
        case .audio:
            if (audioPath ?? "").isEmpty { throw .missingCondition("audio mode needs a sound (audio FILE)") }
        }
    }

    /// A fresh seed from the table's range: the one place seeds are drawn.
    public static func drawSeed() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return drawSeed(using: &generator)
    }

    public static func drawSeed<G: RandomNumberGenerator>(using generator: inout G) -> UInt64 {
        UInt64.random(in: RequestParameters.seedRange, using: &generator)
    }
}
