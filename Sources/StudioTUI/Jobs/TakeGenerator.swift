import Engine

/// What the studio needs from an engine; `GenerationEngine` is one. Tests drive the studio with
/// their own generator.
public protocol TakeGenerator: AnyObject, Sendable {
    func generate(_ request: GenerationRequest, modes: [ConditioningMode]?, control: GenerationControl,
                  onEvent: (GenerationEvent) -> Void) throws -> [GeneratedTake]
}

extension GenerationEngine: TakeGenerator {}
