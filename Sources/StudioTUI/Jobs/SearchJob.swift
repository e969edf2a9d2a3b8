import Engine
import Session

/// One search of the session's takes by their sound (`search TEXT`): the text and each take's
/// audio file, already resolved inside the session folder (or refused, with the reason).
public struct SearchJob: Sendable {
    public var id: Int
    public var text: String
    public var candidates: [SoundSearch<Take.ID>.Candidate]

    public init(id: Int, text: String, candidates: [SoundSearch<Take.ID>.Candidate]) {
        self.id = id; self.text = text; self.candidates = candidates
    }
}
