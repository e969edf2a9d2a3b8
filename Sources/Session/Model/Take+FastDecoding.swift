import Engine
import Foundation
import Models

extension Take {
    /// The take a JSON object holds, read straight from the parsed value when every field has
    /// the plain form a session file writes; nil for anything else, which the caller decodes
    /// through `Decodable` (the one place that decides errors and unusual spellings, such as a
    /// rating written as 2.0). Each accepted form reads exactly as `init(from:)` reads it.
    ///
    /// Decoding 100,000 takes through the decoder's containers took about a second of opening
    /// a session (issue #17): a container, a coding path and a boxed value for every field.
    static func fastDecoded(_ value: JSONValue, legacyRequestKeys: Bool) -> Take? {
        guard case .object(let members) = value,
              case .string(let idText)? = members["id"], let id = UUIDText.parse(idText),
              let requestJSON = members["request"],
              case .string(let audioPath)? = members["audioPath"],
              case .string(let createdText)? = members["created"], let created = SessionTimestamp.parse(createdText)
        else { return nil }
        // A request reads through its own strict initializer either way; when it fails, the
        // caller's decode reports why.
        guard let request = try? GenerationRequest(json: requestJSON, legacy: legacyRequestKeys) else { return nil }
        var take = Take(id: id, request: request, audioPath: audioPath, created: created)
        for (key, value) in members where value != .null {
            switch key {
            case "sidecarPath":
                guard case .string(let path) = value else { return nil }
                take.sidecarPath = path
            case "timings":
                guard let timings = fastTimings(value) else { return nil }
                take.timings = timings
            case "duration":
                guard let duration = fastDouble(value) else { return nil }
                take.duration = duration
            case "favourite":
                guard case .bool(let flag) = value else { return nil }
                take.isFavourite = flag
            case "favouriteCopyPath":
                guard case .string(let path) = value else { return nil }
                take.favouriteCopyPath = path
            case "note":
                guard case .string(let note) = value else { return nil }
                take.note = note
            case "rating":
                guard case .int(let rating) = value else { return nil }
                take.rating = rating
            case "recovered":
                guard case .string(let text) = value, let date = SessionTimestamp.parse(text) else { return nil }
                take.recovered = date
            case "score":
                guard let score = fastDouble(value) else { return nil }
                take.score = score
            default:
                continue  // the required fields, read above, and keys this build does not know
            }
        }
        return take
    }

    /// A number as `Decodable` reads a Double: an integer literal, or a literal that reads as a
    /// finite Double.
    private static func fastDouble(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let integer): return Double(integer)
        case .number(let text): return Double(text).flatMap { $0.isFinite ? $0 : nil }
        default: return nil
        }
    }

    /// Stage timings with each stage a number or left out (0, as the decoder's defaults fill it in).
    private static func fastTimings(_ value: JSONValue) -> StageTimings? {
        guard case .object(let members) = value else { return nil }
        var timings = StageTimings()
        for (key, value) in members {
            switch key {
            case "encoding":
                guard let seconds = fastDouble(value) else { return nil }
                timings.encoding = seconds
            case "prior":
                guard let seconds = fastDouble(value) else { return nil }
                timings.prior = seconds
            case "denoising":
                guard let seconds = fastDouble(value) else { return nil }
                timings.denoising = seconds
            case "vocoding":
                guard let seconds = fastDouble(value) else { return nil }
                timings.vocoding = seconds
            case "scoring":
                guard let seconds = fastDouble(value) else { return nil }
                timings.scoring = seconds
            default:
                continue
            }
        }
        return timings
    }
}
