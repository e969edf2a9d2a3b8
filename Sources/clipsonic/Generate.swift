import ArgumentParser
import Engine
import Foundation
import Models
import Playback

/// `clipsonic generate PROMPT`: one take (or an A/B pair) to WAV/FLAC, with the parameters in
/// the file's tags.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a sound from a prompt or a picture and save it as WAV or FLAC.")

    @Argument(help: "What the sound should be (empty for image mode).")
    var prompt: String = ""

    @OptionGroup var bundleOptions: BundleOptions
    @OptionGroup var options: GenerateOptions

    @Flag(help: "Generate prior and zero-shot takes with one seed (A/B).")
    var ab = false

    @Option(help: "Output file (.wav or .flac); with --ab, -prior and -zero-shot are added to the name. Default: outputs/ with a name from the prompt, mode and seed that never overwrites.")
    var out: String?

    @Flag(help: "Print a machine-readable JSON summary on stdout.")
    var json = false

    @Option(help: "Also save each take's generated mel ([n_mels, frames], normalised as the bundle's audio.log says) as safetensors; with --ab, -prior and -zero-shot are added to the name.")
    var melOut: String?

    func validate() throws {
        if let out {
            let ext = URL(fileURLWithPath: out).pathExtension.lowercased()
            guard ext == "wav" || ext == "flac" else {
                throw ValidationError("--out must end in .wav or .flac, found \"\(out)\"")
            }
        }
        if options.mode != .image && prompt.trimmingCharacters(in: .whitespaces).isEmpty && !ab {
            throw ValidationError("\(options.mode.rawValue) mode needs a PROMPT")
        }
        if ab && prompt.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--ab needs a PROMPT") }
        if (options.mode == .image || options.mode == .mix) && options.image == nil {
            throw ValidationError("\(options.mode.rawValue) mode needs --image PATH")
        }
    }

    func run() throws {
        let seed = options.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        let request = options.request(prompt: prompt, seed: seed)
        let modes: [ConditioningMode] = ab ? [.prior, .zeroShot] : [options.mode]
        let targets = try outputTargets(modes: modes, request: request)
        let engine: GenerationEngine
        do {
            engine = try GenerationEngine(bundleAt: bundleOptions.url)
        } catch {
            throw CLIError("\(error)")
        }
        let progress = ProgressReporter(enabled: !json)
        let takes: [GeneratedTake]
        do {
            takes = try engine.generate(request, modes: modes) { progress.report($0) }
        } catch {
            progress.finish()
            throw CLIError("\(error)")
        }
        progress.finish()
        var written: [TakeSummary] = []
        for (take, target) in zip(takes, targets) {
            var tagged = take.request
            tagged.mode = take.mode
            let buffer = AudioBuffer(samples: take.waveform, sampleRate: take.sampleRate)
            let url: URL
            do {
                url = try target.write(buffer, request: tagged)
            } catch {
                throw CLIError("\(error)")
            }
            if let melOut {
                let target = Self.suffixed(URL(fileURLWithPath: melOut), mode: modes.count == 1 ? nil : take.mode)
                do {
                    try SafeTensors.write(["mel": take.mel], metadata: ["request": AudioTags(request: tagged).comment ?? ""], to: target)
                } catch {
                    throw CLIError("\(error)")
                }
            }
            written.append(TakeSummary(take: take, file: url.path))
            if !json {
                print(String(format: "%@: %@ (%.2f s, seed %llu, %.1f s to make)", take.mode.rawValue, url.path,
                             take.duration, seed, take.timings.total))
            }
        }
        if json { print(try TakeSummary.json(written)) }
        if OpProfile.enabled { OpProfile.printReport(to: .standardError) }
    }

    /// `name.ext` -> `name-MODE.ext` for the takes of an A/B pair.
    static func suffixed(_ url: URL, mode: ConditioningMode?) -> URL {
        guard let mode else { return url }
        let stem = url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent("\(stem)-\(mode.rawValue).\(url.pathExtension)")
    }

    /// Where each mode's take goes; checked before any generation so a bad path fails at once.
    func outputTargets(modes: [ConditioningMode], request: GenerationRequest) throws -> [OutputTarget] {
        if let out {
            let url = URL(fileURLWithPath: out)
            try OutputTarget.checkWritable(folder: url.deletingLastPathComponent())
            return modes.map { .file(Self.suffixed(url, mode: modes.count == 1 ? nil : $0)) }
        }
        let folder = URL(fileURLWithPath: "outputs")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create the output folder \(folder.path): \(error.localizedDescription); pass --out FILE")
        }
        try OutputTarget.checkWritable(folder: folder)
        return modes.map { _ in .folder(folder) }
    }
}
