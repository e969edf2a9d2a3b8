import Foundation
import Models

/// Loads one bundle's networks once and turns requests into takes:
/// prompt → tokens → CLIP text embedding → (prior → image embedding | the text embedding itself)
/// or picture → CLIP image embedding → guided sampling → mel → vocoder → waveform.
///
/// `generate` runs synchronously on the caller's thread and reports through `onEvent`; run it
/// off the UI thread. `control` stops the request (or skips the current take) within one step.
public final class GenerationEngine: @unchecked Sendable {
    public let bundle: ModelBundle

    public init(bundle: ModelBundle) throws {
        self.bundle = bundle
        throw EngineError.notReady("the generation pipeline is not assembled yet")
    }

    /// Generates one take per mode in `modes` (default: the request's mode), all with the
    /// request's seed, so an A/B pair is `[.prior, .zeroShot]`.
    public func generate(_ request: GenerationRequest, modes: [ConditioningMode]? = nil,
                         control: GenerationControl = GenerationControl(),
                         onEvent: (GenerationEvent) -> Void = { _ in }) throws -> [GeneratedTake] {
        throw EngineError.notReady("the generation pipeline is not assembled yet")
    }
}

/// Errors of the generation engine; each says what to do.
public enum EngineError: Error, CustomStringConvertible {
    case notReady(String)
    public var description: String {
        switch self {
        case let .notReady(why): "engine: \(why)"
        }
    }
}
