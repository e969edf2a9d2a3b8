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
            "scoring": .number(String(format: "%.4f", take.timings.scoring)),
            "total": .number(String(format: "%.4f", take.timings.total)),
        ])
        if let similarity = take.textSimilarity, similarity.isFinite {
            members["text-similarity"] = .number(String(format: "%.4f", similarity))
        }
        return .object(members)
    }

    /// `ranks`, when given, adds each take's `"rank"` (1 = best) beside its score.
    static func json(_ takes: [TakeSummary], ranks: [Int]? = nil, extra: [String: JSONValue] = [:]) -> String {
        var members = extra
        members["takes"] = .array(takes.enumerated().map { index, summary in
            guard let ranks, case .object(var fields) = summary.json else { return summary.json }
            fields["rank"] = .int(ranks[index])
            return .object(fields)
        })
        return JSONWriter.text(.object(members), style: .pretty)
    }

    /// The takes best first by score (a take without one last), each with its rank from 1; equal
    /// scores keep the order the takes were made in.
    static func ranked(_ takes: [TakeSummary]) -> [(summary: TakeSummary, rank: Int)] {
        let order = takes.indices.sorted { a, b in
            let sa = takes[a].take.score ?? -.infinity, sb = takes[b].take.score ?? -.infinity
            return sa != sb ? sa > sb : a < b
        }
        return order.enumerated().map { (takes[$0.element], $0.offset + 1) }
    }
}
