import Foundation

/// The XDG base directories the studio and the CLI keep their files in: `$XDG_DATA_HOME` (else
/// `~/.local/share`) for bundles and the prompt history, `$XDG_CACHE_HOME` (else `~/.cache`) for
/// what can be made again. The specification calls a relative value invalid, to be ignored.
public enum XDGBaseDirectory: Sendable {
    case data, cache

    /// The variable's name, as messages show it.
    public var variable: String { self == .data ? "XDG_DATA_HOME" : "XDG_CACHE_HOME" }
    private var underHome: String { self == .data ? ".local/share" : ".cache" }

    /// The folder, and whether it came from the variable (else from HOME); nil when neither an
    /// absolute variable nor HOME is set.
    public func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) -> (url: URL, fromVariable: Bool)? {
        if let value = environment[variable], value.hasPrefix("/") {
            return (URL(fileURLWithPath: value), true)
        }
        if let home = environment["HOME"], !home.isEmpty {
            return (URL(fileURLWithPath: home).appendingPathComponent(underHome), false)
        }
        return nil
    }

    public func url(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        resolve(environment: environment)?.url
    }
}
