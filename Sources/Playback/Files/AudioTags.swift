import Engine
import Foundation

/// The text tags an audio file carries. In WAV they are the LIST INFO chunk (INAM, ICMT, ISFT,
/// ICRD), in FLAC Vorbis comments; libsndfile maps both to the same `SF_STR_*` fields.
///
/// A take's tags: the title reads "prompt (mode, seed N, guidance G)" for people and file
/// browsers; the comment holds the whole `GenerationRequest` as JSON, so a take can be
/// regenerated, or inspected, without loading any model.
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

    /// The tags of a generated take.
    public init(request: GenerationRequest, date: Date = Date(),
                software: String = "CLIPSonic Studio \(EngineInfo.version)") {
        self.title = AudioTags.title(for: request)
        self.comment = AudioTags.json(for: request)
        self.software = software
        self.date = AudioTags.isoDate(date)
        self.artist = nil
    }

    /// The generation request stored in the comment, or nil when the comment is absent or is not
    /// a request this version can decode (a file from another tool).
    public var request: GenerationRequest? {
        guard let comment, let data = comment.data(using: .utf8) else { return nil }
        return try? JSONDecoder().decode(GenerationRequest.self, from: data)
    }

    /// "a dog barking (prior, seed 42, guidance 3.0)"; image mode names the picture's file.
    static func title(for request: GenerationRequest) -> String {
        var subject = request.prompt
        if subject.isEmpty, let image = request.imagePath {
            subject = URL(fileURLWithPath: image).lastPathComponent
        }
        let settings = "\(request.mode.rawValue), seed \(request.seed), guidance \(request.guidanceScale)"
        return subject.isEmpty ? settings : "\(subject) (\(settings))"
    }

    /// Sorted keys so that equal requests give byte-equal tags.
    static func json(for request: GenerationRequest) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(request) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func isoDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
