import ArgumentParser
import Engine
import Foundation
import Models
import Playback

/// `clipsonic batch JOBS.jsonl --out-dir DIR`: a queue of jobs, one request per line in the
/// parameter table's spelling (the keys `generate --json` prints and take tags hold; left-out
/// parameters take their defaults, a left-out seed is drawn), run in order with one loaded
/// bundle. Every line is checked before anything is generated. Take k is written as
/// DIR/NNNN-MODE.wav; a summary goes to stdout.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a file of generation requests (JSON lines) with one loaded bundle.")

    @Argument(help: "A file with one JSON request per line (- for standard input); # starts a comment line.")
    var jobs: String

    @Option(help: "Folder for the takes (created).")
    var outDir: String

    @OptionGroup var bundleOptions: BundleOptions

    @Option(name: .customLong("ab"), help: ArgumentHelp(
        "Two takes of every request with one seed in two modes; a bare --ab is \(ABModes.defaultText).", valueName: "MODE,MODE"))
    var ab: String?

    @Flag(help: "Replace takes already in --out-dir.")
    var overwrite = false

    @Flag(help: "Run the remaining jobs after one fails (default: stop at the first failure).")
    var keepGoing = false

    /// The biggest jobs file read: a million requests of a few hundred bytes.
    static let maximumFileSize = 256 << 20

    func validate() throws {
        if let ab { _ = try ABModes.parse(ab) }
    }

    func run() throws {
        let abModes = try ab.map(ABModes.parse)
        let requests = try readRequests(abModes: abModes)
        let folder = URL(fileURLWithPath: outDir)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create \(outDir): \(error.localizedDescription)")
        }
        let files = requests.enumerated().flatMap { k, job in
            (abModes ?? [job.request.mode]).map { Self.file(in: folder, job: k, mode: $0) }
        }
        try OutputTarget.check(files: files, overwrite: overwrite, option: "--out-dir")
        LeftoverTemporaries.removeTakeTemporaries(in: [folder])
        let engine: GenerationEngine
        do { engine = try GenerationEngine(bundleAt: bundleOptions.url, hashStore: .standard()) } catch { throw CLIError("\(error)") }
        engine.audioReader = AudioFile.engineReader
        var bundleProblems: [String] = []
        for job in requests {
            do { try engine.validate(job.request, modes: abModes ?? [job.request.mode]) } catch {
                bundleProblems.append("\(jobs):\(job.line): \(error)")
            }
        }
        if !bundleProblems.isEmpty {
            throw CLIError(Self.listing(bundleProblems, of: requests.count), exitCode: CLIError.dataError)
        }
        let interrupt = InterruptWatch()
        var summaries: [TakeSummary] = []
        var tally = BatchTally(jobs: requests.count)
        for (k, job) in requests.enumerated() {
            if interrupt.interrupted || (tally.failed > 0 && !keepGoing) { break }
            let modes = abModes ?? [job.request.mode]
            var failure: String?
            do {
                _ = try engine.generate(job.request, modes: modes, control: interrupt.control) { event in
                    if case .notice(let message) = event {
                        FileHandle.standardError.write(Data("\(jobs):\(job.line): warning: \(message)\n".utf8))
                    }
                    guard case .finished(let take) = event, failure == nil else { return }
                    let url = Self.file(in: folder, job: k, mode: take.mode)
                    do {
                        try TakeWriter.write(take, to: .file(url, replacing: overwrite))
                        summaries.append(TakeSummary(take: take, file: url.path))
                    } catch {
                        failure = "\(error)"
                    }
                }
            } catch {
                failure = failure ?? "\(error)"
            }
            if let failure {
                tally.failed += 1
                FileHandle.standardError.write(Data("\(jobs):\(job.line): job \(k + 1) failed: \(failure)\n".utf8))
            } else if interrupt.interrupted {
                tally.interrupted += 1
            } else {
                tally.done += 1
                FileHandle.standardError.write(Data("job \(k + 1)/\(requests.count) done\n".utf8))
            }
        }
        print(TakeSummary.json(summaries, extra: tally.json))
        FileHandle.standardError.write(Data("batch: \(tally.description)\n".utf8))
        if interrupt.interrupted {
            let kept = summaries.isEmpty ? "" : ": " + summaries.map(\.file).joined(separator: ", ")
            FileHandle.standardError.write(Data("interrupted: kept \(summaries.count) take(s)\(kept)\n".utf8))
            throw CLIError("interrupted", exitCode: interrupt.exitCode)
        }
        if tally.failed > 0 { throw CLIError("\(tally.failed) job(s) failed; see the messages above") }
    }

    static func listing(_ problems: [String], of jobs: Int) -> String {
        let shown = problems.prefix(20).joined(separator: "\n  ")
        let more = problems.count > 20 ? "\n  ... and \(problems.count - 20) more" : ""
        return "\(problems.count) of \(jobs) job(s) cannot run; nothing was generated:\n  \(shown)\(more)"
    }

    static func file(in folder: URL, job: Int, mode: ConditioningMode) -> URL {
        folder.appendingPathComponent(String(format: "%04d-%@.wav", job, mode.rawValue))
    }

    /// Every line read and checked against the table before any model is loaded; an error names
    /// the file, the line and the parameter.
    private func readRequests(abModes: [ConditioningMode]?) throws -> [(line: Int, request: GenerationRequest)] {
        let data: Data
        do {
            data = jobs == "-" ? FileHandle.standardInput.readDataToEndOfFile()
                : try RegularFile.contents(jobs, limit: Self.maximumFileSize)
        } catch {
            throw CLIError("cannot read \(jobs): \(error)", exitCode: CLIError.dataError)
        }
        var requests: [(line: Int, request: GenerationRequest)] = []
        var problems: [String] = []
        for (n, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do throws(RequestError) {
                let value: JSONValue
                do { value = try JSONParser.parse(Array(trimmed.utf8)) } catch {
                    throw RequestError.malformedJSON(column: error.column, reason: error.message)
                }
                var request = try GenerationRequest(json: value)
                if value["seed"] == nil { request.seed = GenerationRequest.drawSeed() }
                try request.validate(modes: abModes)
                requests.append((n + 1, request))
            } catch {
                problems.append("\(jobs):\(n + 1): \(error.description)")
            }
        }
        if !problems.isEmpty {
            throw CLIError(Self.listing(problems, of: requests.count + problems.count), exitCode: CLIError.dataError)
        }
        return requests
    }
}
