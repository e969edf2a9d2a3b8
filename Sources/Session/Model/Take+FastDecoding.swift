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

extension Take {
    /// The take the object next in `reader` holds, read as `fastDecoded` reads its tree, straight
    /// from the text: no dictionary for the take, its request or its timings. Nil for anything
    /// `fastDecoded` would not read, and for a key that comes twice; the caller then parses the
    /// element and decodes it the ordinary way.
    static func read(from reader: inout JSONReader) -> Take? {
        var id: UUID?, request: GenerationRequest?, audioPath: String?, created: Date?
        var sidecarPath: String?, timings = StageTimings(), duration = 0.0, favourite = false
        var favouriteCopyPath: String?, note = "", rating = 0, recovered: Date?, score: Double?
        var seen: UInt32 = 0
        var others: [[UInt8]] = []
        let read = reader.object { reader, key in
            let bit: UInt32
            if key == "id" { bit = 1 << 0 }
            else if key == "request" { bit = 1 << 1 }
            else if key == "audioPath" { bit = 1 << 2 }
            else if key == "created" { bit = 1 << 3 }
            else if key == "sidecarPath" { bit = 1 << 4 }
            else if key == "timings" { bit = 1 << 5 }
            else if key == "duration" { bit = 1 << 6 }
            else if key == "favourite" { bit = 1 << 7 }
            else if key == "favouriteCopyPath" { bit = 1 << 8 }
            else if key == "note" { bit = 1 << 9 }
            else if key == "rating" { bit = 1 << 10 }
            else if key == "recovered" { bit = 1 << 11 }
            else if key == "score" { bit = 1 << 12 }
            else {
                // A key this build does not know: read, kept out, but still refused twice.
                guard !others.contains(where: key.matches), reader.value() != nil else { return false }
                others.append(Array(key.bytes))
                return true
            }
            guard seen & bit == 0 else { return false }
            seen |= bit
            // The required members must be there in full; `null` leaves an optional one out.
            if bit > 1 << 3, reader.null() { return true }
            switch bit {
            case 1 << 0:
                guard let value = reader.asciiString().flatMap(UUIDText.parse(raw:)) else { return false }
                id = value
            case 1 << 1:
                guard let value = GenerationRequest.read(from: &reader) else { return false }
                request = value
            case 1 << 2:
                guard let path = reader.string() else { return false }
                audioPath = path
            case 1 << 3:
                guard let date = reader.asciiString().flatMap(SessionTimestamp.parse(bytes:)) else { return false }
                created = date
            case 1 << 4:
                guard let path = reader.string() else { return false }
                sidecarPath = path
            case 1 << 5:
                guard let read = readTimings(from: &reader) else { return false }
                timings = read
            case 1 << 6:
                guard let seconds = reader.value().flatMap(fastDouble) else { return false }
                duration = seconds
            case 1 << 7:
                guard case .bool(let flag)? = reader.value() else { return false }
                favourite = flag
            case 1 << 8:
                guard let path = reader.string() else { return false }
                favouriteCopyPath = path
            case 1 << 9:
                guard let text = reader.string() else { return false }
                note = text
            case 1 << 10:
                guard case .int(let stars)? = reader.value() else { return false }
                rating = stars
            case 1 << 11:
                guard let date = reader.asciiString().flatMap(SessionTimestamp.parse(bytes:)) else { return false }
                recovered = date
            default:
                guard let value = reader.value().flatMap(fastDouble) else { return false }
                score = value
            }
            return true
        }
        guard read, let id, let request, let audioPath, let created else { return nil }
        return Take(id: id, request: request, audioPath: audioPath, sidecarPath: sidecarPath, timings: timings,
                    created: created, duration: duration, isFavourite: favourite, favouriteCopyPath: favouriteCopyPath,
                    note: note, rating: rating, recovered: recovered, score: score)
    }

    /// `fastTimings`, from the text: each stage a number, none twice, no other key.
    private static func readTimings(from reader: inout JSONReader) -> StageTimings? {
        var timings = StageTimings()
        var seen: UInt8 = 0
        let read = reader.object { reader, key in
            let bit: UInt8
            if key == "encoding" { bit = 1 }
            else if key == "prior" { bit = 2 }
            else if key == "denoising" { bit = 4 }
            else if key == "vocoding" { bit = 8 }
            else if key == "scoring" { bit = 16 }
            else { return false }
            guard seen & bit == 0, let seconds = reader.value().flatMap(fastDouble) else { return false }
            seen |= bit
            switch bit {
            case 1: timings.encoding = seconds
            case 2: timings.prior = seconds
            case 4: timings.denoising = seconds
            case 8: timings.vocoding = seconds
            default: timings.scoring = seconds
            }
            return true
        }
        return read ? timings : nil
    }
}
