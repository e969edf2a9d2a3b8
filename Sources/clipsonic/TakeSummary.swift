import Engine
import Foundation

/// One written take, as `generate --json` reports it.
struct TakeSummary: Encodable {
    let file: String
    let mode: String
    let seed: UInt64
    let prompt: String
    let guidance: Float
    let steps: Int
    let sampler: String
    let durationSeconds: Double
    let sampleRate: Int
    let timings: StageTimings
    let textSimilarity: Float?

    init(take: GeneratedTake, file: String) {
        self.file = file
        mode = take.mode.rawValue
        seed = take.request.seed
        prompt = take.request.prompt
        guidance = take.request.guidanceScale
        steps = take.request.steps
        sampler = take.request.sampler.rawValue
        durationSeconds = take.duration
        sampleRate = take.sampleRate
        timings = take.timings
        textSimilarity = take.textSimilarity
    }

    enum CodingKeys: String, CodingKey {
        case file, mode, seed, prompt, guidance, steps, sampler, durationSeconds = "duration_seconds"
        case sampleRate = "sample_rate", timings, textSimilarity = "text_similarity"
    }

    static func json(_ takes: [TakeSummary]) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try enc.encode(["takes": takes]), as: UTF8.self)
    }
}
