import ArgumentParser
import Engine
import Foundation
import Playback

/// `clipsonic batch JOBS.jsonl --out-dir DIR`: a queue of jobs, one GenerationRequest per line
/// (the JSON a session or a take's tags hold; missing fields take their defaults), run in order
/// with one loaded bundle. Take k is written as DIR/NNNN-MODE.wav; a summary goes to stdout.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a file of generation requests (JSON lines) with one loaded bundle.")

    @Argument(help: "A file with one JSON request per line (- for standard input).")
    var jobs: String

    @Option(help: "Folder for the takes (created).")
    var outDir: String

    @OptionGroup var bundleOptions: BundleOptions

    @Flag(help: "Generate prior and zero-shot takes for every request (A/B).")
    var ab = false

    func run() throws {
        let text: String
        do {
            text = jobs == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                : try String(contentsOfFile: jobs, encoding: .utf8)
        } catch {
            throw CLIError("cannot read \(jobs): \(error.localizedDescription)")
        }
        var requests: [GenerationRequest] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                requests.append(try JSONDecoder().decode(GenerationRequest.self, from: Data(trimmed.utf8)))
            } catch {
                throw CLIError("\(jobs):\(n + 1): not a generation request: \(error)")
            }
        }
        let folder = URL(fileURLWithPath: outDir)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create \(outDir): \(error.localizedDescription)")
        }
        try OutputTarget.checkWritable(folder: folder)
        let engine: GenerationEngine
        do { engine = try GenerationEngine(bundleAt: bundleOptions.url) } catch { throw CLIError("\(error)") }
        var summaries: [TakeSummary] = []
        for (k, request) in requests.enumerated() {
            let modes: [ConditioningMode] = ab ? [.prior, .zeroShot] : [request.mode]
            let takes: [GeneratedTake]
            do { takes = try engine.generate(request, modes: modes) } catch {
                throw CLIError("job \(k + 1) (\(request)): \(error)")
            }
            for take in takes {
                var tagged = take.request
                tagged.mode = take.mode
                let url = folder.appendingPathComponent(String(format: "%04d-%@.wav", k, take.mode.rawValue))
                do {
                    try OutputTarget.file(url).write(AudioBuffer(samples: take.waveform, sampleRate: take.sampleRate),
                                                     request: tagged)
                } catch { throw CLIError("\(error)") }
                summaries.append(TakeSummary(take: take, file: url.path))
            }
            FileHandle.standardError.write(Data("job \(k + 1)/\(requests.count) done\n".utf8))
        }
        print(try TakeSummary.json(summaries))
    }
}
