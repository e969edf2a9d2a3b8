import ArgumentParser
import Engine
import Foundation
import StudioTUI

/// `clipsonic studio`: the terminal studio. Opens (or creates) a session and resumes where it
/// was left: settings, takes, A/B pairs and favourites.
struct Studio: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the terminal studio: write a prompt, generate, listen, compare and keep takes.",
        discussion: """
            Everything is saved in the session file after each change; open it again with --session.
            Keys are listed with ? inside the studio; rebind them in ~/.config/clipsonic/keys \
            (start from share/clipsonic/keys/default.keys in the install prefix, or keys/default.keys \
            in the source tree). Themes: dark, light, high-contrast, or your own in \
            ~/.config/clipsonic/themes.
            A new session uses --bundle, else $CLIPSONIC_BUNDLE, else the installed mini bundle \
            (see clipsonic info --help), else models/mini in the current folder.
            """)

    @Option(name: .long, help: "Session file; opened if it exists, else created with its folder.")
    var session: String = "clipsonic-session/session.json"

    @Option(name: .long, help: "Model bundle folder (default: the session's, else found as for every command).")
    var bundle: String?

    @Option(name: .long, help: "ALSA playback device, e.g. default, hw:1,0, null (default: the session's, else \"default\").")
    var device: String?

    @Option(name: .long, help: "Colour theme: dark, light, high-contrast or a user theme (default: the session's).")
    var theme: String?

    @Option(name: .long, help: "Key file to use instead of ~/.config/clipsonic/keys.")
    var keys: String?

    func run() throws {
        let configuration = StudioConfiguration(
            sessionFile: URL(fileURLWithPath: session), bundle: bundle.map { URL(fileURLWithPath: $0) },
            defaultBundle: try defaultBundle(), deviceName: device, themeName: theme,
            keyFile: keys.map { URL(fileURLWithPath: $0) })
        let status: Int32
        do {
            status = try StudioApp.run(configuration)
        } catch {
            throw CLIError(error.description)
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// The bundle for a new session, found as every command finds it. An existing session names
    /// its own, so there a failed search matters only if that session is gone: the error then
    /// comes from opening the session.
    private func defaultBundle() throws -> URL {
        let locator = BundleLocator()
        do {
            return try locator.locate(explicit: bundle)
        } catch {
            guard bundle == nil, FileManager.default.fileExists(atPath: session) else { throw CLIError(error.description) }
            return URL(fileURLWithPath: "models/mini")  // not used: the session names its bundle
        }
    }
}
