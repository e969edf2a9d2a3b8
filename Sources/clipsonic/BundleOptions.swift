import ArgumentParser
import Foundation

/// The bundle every command runs on; `models/mini` (the embedded model) by default.
struct BundleOptions: ParsableArguments {
    @Option(name: .long, help: "Model bundle folder.")
    var bundle: String = BundleOptions.defaultBundle

    static var defaultBundle: String {
        ProcessInfo.processInfo.environment["CLIPSONIC_BUNDLE"] ?? "models/mini"
    }

    var url: URL { URL(fileURLWithPath: bundle) }
}
