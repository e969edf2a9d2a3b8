import ArgumentParser
import Foundation
import Models

/// `clipsonic info [BUNDLE]`: what a bundle holds, its sizes and its audio settings, read
/// without building any network.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a model bundle: networks, weights, sizes and audio settings.")

    @Argument(help: "Bundle folder (default: --bundle, or the bundle found as for every command).")
    var path: String?

    @OptionGroup var options: BundleOptions

    @Flag(help: "Print a JSON summary instead of text.")
    var json = false

    func run() throws {
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
}
