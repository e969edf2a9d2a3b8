import Models

/// Takes ranked by how well their sound matches a text (`clipsonic search`, the studio's
/// `search`): each take's audio embedded by the bundle's audio encoder, compared with the text's
/// search embedding (`GenerationEngine.searchEmbedding`). The engine knows no sessions: the
/// caller resolves each take's file (confined to its session folder) and hands over either the
/// path or why there is none.
public struct SoundSearch<ID: Sendable>: Sendable {
    /// One take to rank: its audio file, or why it cannot be read (outside the session folder,
    /// missing), which the result lists as skipped.
    public struct Candidate: Sendable {
        public enum Source: Sendable { case file(String), refused(String) }
        public let id: ID
        public let source: Source
        public init(id: ID, source: Source) { self.id = id; self.source = source }
    }

    public struct Hit: Sendable {
        public let id: ID
        /// Cosine between the take's sound and the text, -1 to 1.
        public let score: Float
        public init(id: ID, score: Float) { self.id = id; self.score = score }
    }

    public struct Skip: Sendable {
        public let id: ID
        public let reason: String
        public init(id: ID, reason: String) { self.id = id; self.reason = reason }
    }

    /// Best first; ties keep the candidates' order.
    public var ranked: [Hit] = []
    /// The takes that could not be heard, in the candidates' order, each with why.
    public var skipped: [Skip] = []

    public init(ranked: [Hit] = [], skipped: [Skip] = []) { self.ranked = ranked; self.skipped = skipped }
}

extension SoundSearch.Hit: Equatable where ID: Equatable {}
extension SoundSearch.Skip: Equatable where ID: Equatable {}
extension SoundSearch: Equatable where ID: Equatable {}

extension GenerationEngine {
    /// Ranks `candidates` by the cosine between each one's sound and `text`. A take whose file is
    /// refused or cannot be read is skipped with the reason; the search goes on. Throws only for
    /// what stops every comparison: no audio encoder in the bundle, or a text the networks fail on.
    /// `control` stops it between takes (the result so far is returned).
    public func search<ID: Sendable>(text: String, candidates: [SoundSearch<ID>.Candidate],
                                     control: GenerationControl = GenerationControl()) throws -> SoundSearch<ID> {
        guard hasAudioEncoder else {
            throw EngineError.missingComponent(bundle: bundle.displayName, component: "audio encoder", needed: "searching takes by their sound")
        }
        let query = try searchEmbedding(text: text)
        var result = SoundSearch<ID>()
        for candidate in candidates {
            if control.isStopped { break }
            switch candidate.source {
            case .refused(let reason):
                result.skipped.append(.init(id: candidate.id, reason: reason))
            case .file(let path):
                do {
                    let heard = try soundEmbedding(path: path, neededFor: "searching takes by their sound")
                    result.ranked.append(.init(id: candidate.id, score: Self.cosine(heard, query)))
                } catch let error as EngineError {
                    result.skipped.append(.init(id: candidate.id, reason: error.description))
                }
            }
        }
        // Stable: equal scores keep the session's order.
        result.ranked = result.ranked.enumerated()
            .sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
            .map(\.element)
        return result
    }
}
