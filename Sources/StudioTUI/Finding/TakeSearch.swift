import Engine
import Session

/// A finished search by sound, as the take list shows it: the takes best first with their
/// match, and how many could not be heard.
struct TakeSearch: Equatable {
    let text: String
    /// Take IDs, best match first.
    let ranked: [Take.ID]
    /// Each ranked take's cosine with the text, -1 to 1.
    let matches: [Take.ID: Float]
    let skipped: [SoundSearch<Take.ID>.Skip]

    init(text: String, result: SoundSearch<Take.ID>) {
        self.text = text
        ranked = result.ranked.map(\.id)
        matches = Dictionary(result.ranked.map { ($0.id, $0.score) }, uniquingKeysWith: { first, _ in first })
        skipped = result.skipped
    }
}
