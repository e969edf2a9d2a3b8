import ArgumentParser
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
            (start from keys/default.keys). Themes: dark, light, high-contrast, or your own in \
            ~/.config/clipsonic/themes.
            """)

    @Option(name: .long, help: "Session file; opened if it exists, else created with its folder.")
    var session: String = "clipsonic-session/session.json"

    @Option(name: .long, help: "Model bundle folder (default: the session's, or $CLIPSONIC_BUNDLE, or models/mini).")
    var bundle: String?

    @Option(name: .long, help: "ALSA playback device, e.g. default, hw:1,0, null (default: the session's, else \"default\").")
    var device: String?

    @Option(name: .long, help: "Colour theme: dark, light, high-contrast or a user theme (default: the session's).")
    var theme: String?

    @Option(name: .long, help: "Key file to use instead of ~/.config/clipsonic/keys.")
    var keys: String?

    func run() throws {
        let defaultBundle = ProcessInfo.processInfo.environment["CLIPSONIC_BUNDLE"] ?? "models/mini"
        let configuration = StudioConfiguration(
            sessionFile: URL(fileURLWithPath: session), bundle: bundle.map { URL(fileURLWithPath: $0) },
            defaultBundle: URL(fileURLWithPath: defaultBundle), deviceName: device, themeName: theme,
            keyFile: keys.map { URL(fileURLWithPath: $0) })
        let status: Int32
        do {
            status = try StudioApp.run(configuration)
        } catch {
            throw CLIError(error.description)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
