import Engine
import Foundation
import Models

/// One written take, as `generate --json` and `batch` report it: the recipe in the parameter
/// table's spelling (the same keys a batch line takes), and where the file went and the time.
struct TakeSummary {
    let file: String
    let take: GeneratedTake

    init(take: GeneratedTake, file: String) {
        self.file = file
        self.take = take
    }

    var json: JSONValue {
        guard case .object(var members) = take.recipe.json else { return take.recipe.json }
        members["file"] = .string(file)
        members["seconds"] = .number(String(format: "%.4f", take.duration))
        members["sample-rate"] = .int(take.sampleRate)
        members["timings"] = .object([
            "encoding": .number(String(format: "%.4f", take.timings.encoding)),
            "prior": .number(String(format: "%.4f", take.timings.prior)),
            "denoising": .number(String(format: "%.4f", take.timings.denoising)),
            "vocoding": .number(String(format: "%.4f", take.timings.vocoding)),
            "total": .number(String(format: "%.4f", take.timings.total)),
        ])
        if let similarity = take.textSimilarity, similarity.isFinite {
            members["text-similarity"] = .number(String(format: "%.4f", similarity))
        }
        return .object(members)
    }

    static func json(_ takes: [TakeSummary], extra: [String: JSONValue] = [:]) -> String {
        var members = extra
        members["takes"] = .array(takes.map(\.json))
        return JSONWriter.text(.object(members), style: .pretty)
    }
}
