import Engine
import Foundation

/// The text tags an audio file carries. In WAV they are the LIST INFO chunk (INAM, ICMT, ISFT,
/// ICRD), in FLAC Vorbis comments; libsndfile maps both to the same `SF_STR_*` fields.
///
/// A take's tags: the title reads "prompt (mode, seed N, guidance G)" for people and file
/// browsers; the comment holds the take's `TakeRecipe` as one line of JSON (the request in the
/// parameter table's spelling, the bundle's name and content hash, the engine version), so a
/// take can be remade (`generate --from`) or inspected (`info`) without loading any model.
public struct AudioTags: Sendable, Equatable {
    public var title: String?
    public var comment: String?
    public var software: String?
    public var date: String?
    public var artist: String?

    public init(title: String? = nil, comment: String? = nil, software: String? = nil,
                date: String? = nil, artist: String? = nil) {
        self.title = title; self.comment = comment; self.software = software
        self.date = date; self.artist = artist
    }

    /// The tags of a generated take: its recipe as the comment, so the file says how to remake it.
    public init(recipe: TakeRecipe, date: Date = Date(),
                software: String = "CLIPSonic Studio \(EngineInfo.version)") {
        self.title = AudioTags.title(for: recipe.request)
        self.comment = recipe.text
        self.software = software
        self.date = AudioTags.isoDate(date)
        self.artist = nil
    }

    /// The recipe stored in the comment, or why there is none (no comment; a comment from
    /// another tool; a recipe this version cannot read).
    public func readRecipe() throws(RequestError) -> TakeRecipe {
        guard let comment, !comment.isEmpty else { throw .notAnObject(found: "no recipe (the file has no comment tag)") }
        return try TakeRecipe(text: comment)
    }

    /// The recipe, when the comment holds one this version reads.
    public var recipe: TakeRecipe? { try? readRecipe() }

    /// The request of the recipe, if any.
    public var request: GenerationRequest? { recipe?.request }

    /// "a dog barking (prior, seed 42, guidance 3)"; image mode names the picture, mix mode both.
    static func title(for request: GenerationRequest) -> String {
        let subject = request.subject
        let what = [subject.picture, subject.prompt].compactMap { $0 }.joined(separator: " + ")
        let settings = "\(request.mode.rawValue), seed \(request.seed), guidance \(ParameterValue.format(Double(request.guidanceScale)))"
        return what.isEmpty ? settings : "\(what) (\(settings))"
    }

    static func isoDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
