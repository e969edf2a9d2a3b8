import Foundation
import Models

/// The studio's key bindings: the defaults (`keys/default.keys`, compiled in as
/// `KeyMap.defaultKeyFile`), then the user's file on top — `$XDG_CONFIG_HOME/clipsonic/keys`,
/// else `~/.config/clipsonic/keys`, or the file given with `--keys`.
public struct KeyMapLoader: Sendable {
    public struct Result: Sendable {
        public var keyMap: KeyMap
        /// The user file that was applied, if any.
        public var userFile: URL?
        /// Lines skipped and files that could not be read, for the status line.
        public var messages: [String]
    }

    public var userFile: URL?

    public init(userFile: URL?) { self.userFile = userFile }

    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> KeyMapLoader {
        KeyMapLoader(userFile: userFile(environment: environment))
    }

    public static func userFile(environment: [String: String]) -> URL? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return URL(fileURLWithPath: config).appendingPathComponent("clipsonic/keys")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".config/clipsonic/keys")
    }

    /// The default bindings, with the user's file applied when it exists. `required` makes a
    /// missing user file a message (a file named on the command line).
    public func load(required: Bool = false) -> Result {
        var keyMap = KeyMap.defaults
        var messages: [String] = []
        guard let userFile else { return Result(keyMap: keyMap, userFile: nil, messages: messages) }
        guard FileManager.default.fileExists(atPath: userFile.path) else {
            if required { messages.append("no key file at \(userFile.path); using the default keys") }
            return Result(keyMap: keyMap, userFile: nil, messages: messages)
        }
        let data: Data
        do { data = try RegularFile.contents(userFile.path, limit: KeyFile.maximumSize) } catch {
            messages.append("cannot read the key file \(error); using the default keys")
            return Result(keyMap: keyMap, userFile: nil, messages: messages)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            messages.append("cannot read \(userFile.path) as UTF-8 text; using the default keys")
            return Result(keyMap: keyMap, userFile: nil, messages: messages)
        }
        let file = KeyFile.parse(text: text, source: userFile.path)
        keyMap.apply(file)
        if let first = file.errors.first {
            let more = file.errors.count > 1 ? " (and \(file.errors.count - 1) more lines skipped)" : ""
            messages.append("\(first); line skipped\(more)")
        }
        return Result(keyMap: keyMap, userFile: userFile, messages: messages)
    }
}
