import ArgumentParser
import Engine
import Foundation

/// The bundle every command runs on: `--bundle`, else what `BundleLocator` finds
/// (`$CLIPSONIC_BUNDLE`, the installed mini bundle, `models/mini` in the current folder).
struct BundleOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Model bundle folder.",
        discussion: "Default: $CLIPSONIC_BUNDLE, else the mini bundle in $XDG_DATA_HOME/clipsonic/bundles, "
            + "/usr/local/share/clipsonic/bundles or <prefix>/share/clipsonic/bundles beside the installed "
            + "executable, else models/mini in the current folder.",
        valueName: "dir"))
    var bundle: String?

    /// The bundle folder; throws, listing every place searched, when none was named or found.
    var url: URL {
        get throws {
            do { return try BundleLocator().locate(explicit: bundle) } catch { throw CLIError(error.description) }
        }
    }
}
