import Engine
import Foundation
import Models

/// Finds a theme by name: `<name>.theme` in the user's folder
/// (`$XDG_CONFIG_HOME/clipsonic/themes`, else `~/.config/clipsonic/themes`), then in the
/// project's `themes/`. A user's copy therefore overrides the shipped theme of the same name.
/// Never fails: a missing or broken theme gives the built-in default and a message saying why.
public struct ThemeLoader: Sendable {
    /// Searched in order.
    public var folders: [URL]

    public init(folders: [URL]) { self.folders = folders }

    /// The user's folder, then every candidate for the project's themes: `PREFIX/share/clipsonic/themes`
    /// beside an installed executable (see `InstallPrefix`), and the `themes` folder of the
    /// nearest ancestor of the executable that has one (a build inside the repository).
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment,
                                executable: URL? = InstallPrefix.runningExecutable()) -> ThemeLoader {
        var folders = [userFolder(environment: environment)].compactMap { $0 }
        if let executable {
            let real = executable.resolvingSymlinksInPath()
            if let shared = InstallPrefix.sharedData(of: real) { folders.append(shared.appendingPathComponent("themes")) }
            var ancestor = real.deletingLastPathComponent()
            while ancestor.pathComponents.count > 1 {
                let candidate = ancestor.appendingPathComponent("themes")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("dark.theme").path) {
                    folders.append(candidate)
                    break
                }
                ancestor.deleteLastPathComponent()
            }
        }
        return ThemeLoader(folders: folders)
    }

    /// `$XDG_CONFIG_HOME/clipsonic/themes`, or `$HOME/.config/clipsonic/themes`; nil if neither
    /// variable is set. XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
    public static func userFolder(environment: [String: String]) -> URL? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return URL(fileURLWithPath: config).appendingPathComponent("clipsonic/themes")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".config/clipsonic/themes")
    }

    /// The theme called `name`; "default" is the built-in theme.
    public func load(named name: String) -> ThemeLoadResult {
        let fallback = "using the built-in theme"
        if name == Theme.builtInDefault.name { return ThemeLoadResult(theme: .builtInDefault, file: nil, messages: []) }
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            return ThemeLoadResult(theme: .builtInDefault, file: nil,
                                   messages: ["\"\(name)\" is not a theme name (a file name without .theme); \(fallback)"])
        }
        for folder in folders {
            let file = folder.appendingPathComponent("\(name).theme")
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            do {
                let theme = try load(file: file)
                return ThemeLoadResult(theme: theme, file: file, messages: [])
            } catch {
                return ThemeLoadResult(theme: .builtInDefault, file: nil, messages: ["\(error); \(fallback)"])
            }
        }
        let searched = folders.map(\.path).joined(separator: ", ")
        return ThemeLoadResult(theme: .builtInDefault, file: nil,
                               messages: ["no theme \"\(name)\" in \(searched.isEmpty ? "any folder" : searched); \(fallback)"])
    }

    /// Reads and parses one theme file.
    public func load(file: URL) throws(ThemeError) -> Theme {
        let data: Data
        do { data = try RegularFile.contents(file.path, limit: Theme.maximumSize) } catch {
            throw .readFailed(path: file.path, reason: error.reason)
        }
        return try Theme.parse(data: Array(data), source: file.path)
    }

    /// Names of the themes found in all folders, sorted, each once, with "default" first.
    public func availableThemes() -> [String] {
        var names = Set<String>()
        for folder in folders {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for file in files where file.hasSuffix(".theme") && !file.hasPrefix(".") {
                names.insert(String(file.dropLast(".theme".count)))
            }
        }
        names.remove(Theme.builtInDefault.name)
        return [Theme.builtInDefault.name] + names.sorted()
    }
}
