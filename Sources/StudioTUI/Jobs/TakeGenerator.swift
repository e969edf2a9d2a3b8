import Engine

/// What the studio needs from an engine; `GenerationEngine` is one. Tests drive the studio with
/// their own generator.
public protocol TakeGenerator: AnyObject, Sendable {
    func generate(_ request: GenerationRequest, modes: [ConditioningMode]?, control: GenerationControl,
                  onEvent: (GenerationEvent) -> Void) throws -> [GeneratedTake]
    /// Whether a prior guidance scale other than 1 can change a take.
    var priorGuidanceSupported: Bool { get }
}

extension GenerationEngine: TakeGenerator {}
