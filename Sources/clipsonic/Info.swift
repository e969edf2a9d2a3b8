import ArgumentParser
import Engine
import Foundation
import Models
import Playback

/// `clipsonic info [BUNDLE | TAKE]`: what a bundle holds, its sizes and its audio settings, read
/// without building any network; or a take's recipe, read from its tags.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a model bundle, or print a take's recipe (.wav/.flac written by clipsonic).")

    @Argument(help: "Bundle folder (default: --bundle, or the bundle found as for every command), or a take file.")
    var path: String?

    @OptionGroup var options: BundleOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        if let path, TakeFile.isTake(path: path) { return try describeTake(path) }
        let url = try path.map { URL(fileURLWithPath: $0) } ?? options.url
        let summary: BundleSummary
        do {
            summary = try BundleSummary(bundle: try ModelBundle.open(at: url))
        } catch let error as WeightsError {
            throw CLIError(error.description)
        }
        if json {
            print(try summary.jsonString())
        } else {
            print(summary.text)
        }
    }

    private func describeTake(_ path: String) throws {
        let (info, recipe) = try TakeFile.read(path)
        if json {
            guard case .object(var members) = recipe.json else { return }
            members["file"] = .string(path)
            members["seconds"] = .number(String(format: "%.4f", info.duration))
            members["sample-rate"] = .int(info.sampleRate)
            print(JSONWriter.text(.object(members), style: .pretty))
            return
        }
        print("\(path): \(String(format: "%.2f", info.duration)) s, \(info.sampleRate) Hz, \(info.container.rawValue)")
        if let title = info.tags.title { print("  title             \(title)") }
        for parameter in RequestParameters.all {
            let value = parameter.value(in: recipe.request)
            guard value != .none else { continue }
            print("  \(parameter.name.padding(toLength: 18, withPad: " ", startingAt: 0))\(value.text)")
        }
        print("  bundle            \(recipe.bundle.isEmpty ? "(not recorded)" : recipe.bundle)")
        print("  bundle-hash       \(recipe.bundleHash ?? "(not recorded)")")
        print("  engine-version    \(recipe.engineVersion ?? "(not recorded)")")
        print("  score             \(recipe.score.map(TakeRecipe.scoreText) ?? "(none: made with a bundle without an audio encoder, or before scores were recorded)")")
        print("remake it with: clipsonic generate --from \(path)")
    }
}
