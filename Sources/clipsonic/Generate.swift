import ArgumentParser
import Engine
import Foundation
import Models
import Playback
import Session
import StudioTUI

/// `clipsonic generate PROMPT`: one take (or an A/B pair) to WAV/FLAC, with its recipe in the
/// file's tags; `--from TAKE` remakes a take from that recipe.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a sound from a prompt or a picture and save it as WAV or FLAC.",
        discussion: """
            Every option is a parameter of the request (the same names in batch files, --json \
            output, take tags and the studio's :set). --from TAKE starts from a take's recipe; \
            options given beside it override its values, and the same bundle gives the same samples.
            """)

    @Argument(help: "What the sound should be (not needed in image or audio mode, or with --from).")
    var prompt: String?

    @OptionGroup var bundleOptions: BundleOptions
    @OptionGroup var options: GenerateOptions

    @Option(name: .customLong("ab"), help: ArgumentHelp(
        "Two takes with one seed in two modes (A/B); a bare --ab is \(ABModes.defaultText).", valueName: "MODE,MODE"))
    var ab: String?

    @Option(help: ArgumentHelp("K takes of one prompt with the seeds S, S+1, ..., S+K-1 (S: --seed, else drawn), as the studio's x makes (1 to \(VariationGroup.maximumSize)); with --out, -vN is added to the name.", valueName: "K"))
    var variations: Int?

    @Flag(help: ArgumentHelp("With --variations: score each take against its query with the bundle's audio encoder and list them best first (--json: sorted, with \"rank\" and \"score\"); the files keep seed order (NAME-v1 ...)."))
    var rank = false

    @Option(name: .customLong("from"), help: ArgumentHelp("Remake a take: start from the recipe in its tags.", valueName: "TAKE"))
    var from: String?

    @Option(help: "Output file (.wav or .flac); with --ab, -MODE is added to the name, with --variations -vN. Default: outputs/ with a name from the subject, mode and seed that never overwrites.")
    var out: String?

    @Flag(help: "Replace the --out file if it exists.")
    var overwrite = false

    @Flag(help: "Print a machine-readable JSON summary on stdout.")
    var json = false

    @Option(help: "Also save each take's generated mel ([n_mels, frames], normalised as the bundle's audio.log says) as safetensors; with --ab, -MODE is added to the name.")
    var melOut: String?

    func validate() throws {
        if let out { try OutputTarget.checkExtension(out, option: "--out") }
        if let variations {
            guard (1...VariationGroup.maximumSize).contains(variations) else {
                throw ValidationError("--variations must be 1 to \(VariationGroup.maximumSize), found \(variations)")
            }
            if ab != nil { throw ValidationError("--variations and --ab cannot be combined; make the variations in one mode, or an A/B pair") }
        }
        if rank && variations == nil {
            throw ValidationError("--rank ranks the takes of --variations K; give --variations K (2 to \(VariationGroup.maximumSize))")
        }
        if let ab {
            _ = try ABModes.parse(ab)
            if options.mode != nil { throw ValidationError("--mode and --ab both choose modes; give the modes to --ab, e.g. --ab prior,image") }
        }
    }

    func run() throws {
        let recipe = try from.map { try TakeFile.read($0).recipe }
        var request = recipe?.request ?? GenerationRequest()
        do { try options.apply(to: &request) } catch { throw CLIError(error.description, exitCode: CLIError.usage) }
        if let prompt, !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { request.prompt = prompt }
        if options.seed == nil && recipe == nil { request.seed = GenerationRequest.drawSeed() }
        let modes = try ab.map(ABModes.parse) ?? [request.mode]
        do { try request.validate(modes: modes) } catch {
            let hint = error.isMissingCondition ? "; give a PROMPT, --image PATH for image and mix modes, --audio FILE for audio mode" : ""
            throw CLIError(error.description + hint, exitCode: CLIError.usage)
        }

        let seeds = VariationSeeds.seeds(from: request.seed, count: variations ?? 1)
        let names = seeds.count > 1 ? (1...seeds.count).map { "v\($0)" } : modes.map(\.rawValue)
        let destinations = try outputDestinations(names: names)
        LeftoverTemporaries.removeTakeTemporaries(in: LeftoverTemporaries.folders(of: destinations))
        let engine: GenerationEngine
        do { engine = try GenerationEngine(bundleAt: bundleOptions.url, hashStore: .standard()) } catch { throw CLIError("\(error)") }
        engine.audioReader = AudioFile.engineReader
        do { try engine.validate(request, modes: modes) } catch let error as EngineError {
            if case .invalidRequest = error { throw CLIError("\(error)", exitCode: CLIError.usage) }
            throw CLIError("\(error)")
        }
        if let recipe { warnIfBundleDiffers(recipe, engine: engine) }
        if rank, !engine.hasAudioEncoder {
            throw CLIError("--rank needs an audio encoder to score the takes, and bundle \(engine.bundle.displayName) has none; "
                           + "use a bundle with an audio_encoder component (clipsonic info BUNDLE lists its components), or leave out --rank")
        }

        let interrupt = InterruptWatch()
        let progress = ProgressReporter(enabled: !json)
        var written: [TakeSummary] = []
        var writeFailure: Error?
        do {
            // Variations run one seed after another: batching them through the U-Net measured no
            // faster on this CPU (docs/studio.md, Variations).
            for (seedIndex, seed) in seeds.enumerated() where !interrupt.control.isStopped && writeFailure == nil {
                var seeded = request
                seeded.seed = seed
                _ = try engine.generate(seeded, modes: modes, control: interrupt.control) { event in
                    if case .notice(let message) = event, json { FileHandle.standardError.write(Data("warning: \(message)\n".utf8)) }
                    progress.report(event)
                    // Each take is written as soon as it is finished, so an interrupted pair keeps its first take.
                    guard case .finished(let take) = event, writeFailure == nil,
                          let index = modes.firstIndex(of: take.mode) else { return }
                    let slot = seedIndex * modes.count + index
                    do {
                        written.append(try save(take, to: destinations[slot], suffix: names.count > 1 ? names[slot] : nil))
                    } catch {
                        writeFailure = error
                        interrupt.control.stop()
                    }
                }
            }
        } catch {
            progress.finish()
            throw CLIError("\(error)")
        }
        progress.finish()
        if let writeFailure { throw writeFailure }
        if rank {
            let ranked = TakeSummary.ranked(written)
            if json {
                print(TakeSummary.json(ranked.map(\.summary), ranks: ranked.map(\.rank)))
            } else {
                for (summary, place) in ranked {
                    print("\(place). \(summary.file) (score \(summary.take.score.map(TakeRecipe.scoreText) ?? "none"), seed \(summary.take.request.seed))")
                }
            }
        } else if json {
            print(TakeSummary.json(written))
        }
        if OpProfile.enabled { OpProfile.printReport(to: .standardError) }
        if interrupted(interrupt, kept: written) { throw CLIError("interrupted", exitCode: interrupt.exitCode) }
    }

    /// `suffix` names the take among several (a mode, v2) in the --mel-out file name.
    private func save(_ take: GeneratedTake, to destination: TakeDestination, suffix: String?) throws -> TakeSummary {
        let url: URL
        do { url = try TakeWriter.write(take, to: destination) } catch { throw CLIError("\(error)") }
        if let melOut {
            let target = OutputTarget.files(URL(fileURLWithPath: melOut), suffixes: suffix.map { [$0] } ?? [])[0]
            do {
                try SafeTensors.write(["mel": take.mel], metadata: ["recipe": take.recipe.text], to: target)
            } catch { throw CLIError("\(error)") }
        }
        if !json {
            let score = take.score.map { ", score " + TakeRecipe.scoreText($0) } ?? ""
            print(String(format: "%@: %@ (%.2f s, seed %llu, %.1f s to make%@)", take.mode.rawValue, url.path,
                         take.duration, take.request.seed, take.timings.total, score))
        }
        return TakeSummary(take: take, file: url.path)
    }

    /// After Ctrl-C: says which takes were kept; true when the run was interrupted.
    private func interrupted(_ watch: InterruptWatch, kept: [TakeSummary]) -> Bool {
        guard watch.interrupted else { return false }
        let list = kept.isEmpty ? "no take was finished" : "kept " + kept.map(\.file).joined(separator: ", ")
        FileHandle.standardError.write(Data("interrupted: \(list)\n".utf8))
        return true
    }

    private func warnIfBundleDiffers(_ recipe: TakeRecipe, engine: GenerationEngine) {
        guard let made = recipe.bundleHash else {
            FileHandle.standardError.write(Data("warning: \(from ?? "the take")'s recipe does not record its bundle's hash; the remake may differ\n".utf8))
            return
        }
        if made != engine.contentHash {
            FileHandle.standardError.write(Data("warning: \(from ?? "the take") was made with bundle \"\(recipe.bundle)\" (\(made.prefix(12))…), not this one; the remake will sound different\n".utf8))
        }
    }

    /// Where each take goes (one per name: the modes of an A/B pair, or v1...vK); checked before
    /// any model is loaded.
    func outputDestinations(names: [String]) throws -> [TakeDestination] {
        let suffixes = names.count > 1 ? names : []
        if let melOut {
            try OutputTarget.check(files: OutputTarget.files(URL(fileURLWithPath: melOut), suffixes: suffixes),
                                   overwrite: overwrite, option: "--mel-out")
        }
        if let out {
            let files = OutputTarget.files(URL(fileURLWithPath: out), suffixes: suffixes)
            try OutputTarget.check(files: files, overwrite: overwrite, option: "--out")
            return files.map { .file($0, replacing: overwrite) }
        }
        let folder = URL(fileURLWithPath: "outputs")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create the output folder \(folder.path): \(error.localizedDescription); pass --out FILE")
        }
        try OutputTarget.checkWritable(folder: folder, option: "--out")
        let naming: OutputNaming
        do { naming = try OutputNaming() } catch { throw CLIError("\(error)") }
        return names.map { _ in .folder(folder, naming: naming) }
    }
}
