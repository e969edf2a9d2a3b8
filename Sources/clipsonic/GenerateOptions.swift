import ArgumentParser
import Engine

extension ConditioningMode: ExpressibleByArgument {}
extension SamplerKind: ExpressibleByArgument {}

/// The generation parameters shared by `generate` (and the studio's defaults).
struct GenerateOptions: ParsableArguments {
    @Option(help: "Conditioning: \(ConditioningMode.allCases.map(\.rawValue).joined(separator: ", ")).")
    var mode: ConditioningMode = .prior

    @Option(help: "A picture (PNG/JPEG) or video (file.mp4, or file.mp4@SECONDS) for image and mix modes.")
    var image: String?

    @Option(help: "Weight of the picture in mix mode (0...1).")
    var imageWeight: Float = 0.5

    @Option(help: "Seed of the starting noise (default: a new random seed, printed).")
    var seed: UInt64?

    @Option(help: "Classifier-free guidance scale of the U-Net (1 turns guidance off).")
    var guidance: Float = 3

    @Option(help: "Guidance scale of the diffusion prior.")
    var priorGuidance: Float = 1

    @Option(help: "Prior samples drawn; the one closest to the prompt is kept.")
    var candidates: Int = 2

    @Option(help: "Denoising steps.")
    var steps: Int = 25

    @Option(help: "Sampler: \(SamplerKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var sampler: SamplerKind = .dpmSolverPP

    @Option(help: "Negative prompt: steer away from this.")
    var negative: String?

    @Option(help: "Length in seconds (default: the bundle's native length).")
    var duration: Double?

    func request(prompt: String, seed: UInt64) -> GenerationRequest {
        GenerationRequest(prompt: prompt, imagePath: image, mode: mode, imageWeight: imageWeight,
                          negativePrompt: negative, guidanceScale: guidance, priorGuidanceScale: priorGuidance,
                          priorCandidates: candidates, steps: steps, sampler: sampler, seed: seed, duration: duration)
    }

    func validate() throws {
        guard steps >= 1 && steps <= 1000 else { throw ValidationError("--steps must be between 1 and 1000") }
        guard guidance >= 0 && guidance <= 50 else { throw ValidationError("--guidance must be between 0 and 50") }
        guard (0...1).contains(imageWeight) else { throw ValidationError("--image-weight must be between 0 and 1") }
        guard candidates >= 1 && candidates <= 16 else { throw ValidationError("--candidates must be between 1 and 16") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }
    }
}
