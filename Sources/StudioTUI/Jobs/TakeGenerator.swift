import Engine

/// What the studio needs from an engine; `GenerationEngine` is one. Tests drive the studio with
/// their own generator.
public protocol TakeGenerator: AnyObject, Sendable {
    func generate(_ request: GenerationRequest, modes: [ConditioningMode]?, control: GenerationControl,
                  onEvent: (GenerationEvent) -> Void) throws -> [GeneratedTake]
    /// Whether a prior guidance scale other than 1 can change a take.
    var priorGuidanceSupported: Bool { get }
    /// Whether takes are scored and can be searched by sound (the bundle has an audio encoder).
    var hasAudioEncoder: Bool { get }
    /// The takes ranked by how well their sound matches `text` (`GenerationEngine.search`).
    func search<ID: Sendable>(text: String, candidates: [SoundSearch<ID>.Candidate],
                              control: GenerationControl) throws -> SoundSearch<ID>
}

/// A generator without an audio encoder: nothing is scored, and a search says why it cannot run.
extension TakeGenerator {
    public var hasAudioEncoder: Bool { false }

    public func search<ID: Sendable>(text: String, candidates: [SoundSearch<ID>.Candidate],
                                     control: GenerationControl) throws -> SoundSearch<ID> {
        throw StudioError.session("this engine cannot hear takes: searching needs a bundle with an audio encoder")
    }
}

extension GenerationEngine: TakeGenerator {}
