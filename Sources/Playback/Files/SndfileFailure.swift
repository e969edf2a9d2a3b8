import Foundation

/// A libsndfile failure message, wrapped so it can travel in a `Result`.
struct SndfileFailure: Error {
    let message: String

    /// Drops the final period libsndfile puts on its messages, so they read well mid-sentence.
    init(message: String) {
        var trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        while trimmed.hasSuffix(".") { trimmed.removeLast() }
        self.message = trimmed.isEmpty ? "unknown libsndfile error" : trimmed
    }
}
