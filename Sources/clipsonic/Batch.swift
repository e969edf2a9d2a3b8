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
        let engine: GenerationEngine
        do { engine = try GenerationEngine(bundleAt: bundleOptions.url) } catch { throw CLIError("\(error)") }
        for job in requests {
            do { try engine.validate(job.request, modes: abModes ?? [job.request.mode]) } catch {
                throw CLIError("\(jobs):\(job.line): \(error)", exitCode: CLIError.dataError)
            }
        }
        let interrupt = InterruptWatch()
        var summaries: [TakeSummary] = []
        for (k, job) in requests.enumerated() where !interrupt.interrupted {
            let modes = abModes ?? [job.request.mode]
            var failure: Error?
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
                        failure = CLIError("\(error)")
                        interrupt.control.stop()
                    }
                }
            } catch {
                throw CLIError("\(jobs):\(job.line): \(error)")
            }
            if let failure { throw failure }
            FileHandle.standardError.write(Data("job \(k + 1)/\(requests.count) done\n".utf8))
        }
        print(TakeSummary.json(summaries))
        if interrupt.interrupted {
            FileHandle.standardError.write(Data("interrupted: kept \(summaries.count) take(s)\(summaries.isEmpty ? "" : ": " + summaries.map(\.file).joined(separator: ", "))\n".utf8))
            throw CLIError("interrupted", exitCode: CLIError.interrupted)
        }
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
        for (n, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do throws(RequestError) {
                let value: JSONValue
                do { value = try JSONParser.parse(Array(trimmed.utf8)) } catch {
                    throw RequestError.notAnObject(found: "text that is not JSON (column \(error.column): \(error.message))")
                }
                var request = try GenerationRequest(json: value)
                if value["seed"] == nil { request.seed = GenerationRequest.drawSeed() }
                try request.validate(modes: abModes)
                requests.append((n + 1, request))
            } catch {
                throw CLIError("\(jobs):\(n + 1): \(error.description)", exitCode: CLIError.dataError)
            }
        }
        return requests
    }
}
