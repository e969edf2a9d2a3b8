import Foundation
import Models

/// Prompts written in the studio, across sessions, oldest first, each once (writing one again
/// moves it to the end), at most `limit`. Stored as `{"format": "clipsonic-prompt-history",
/// "version": 1, "prompts": [...]}`; `parse` takes bytes and does no I/O, so it can be fuzzed.
public struct PromptHistory: Sendable, Equatable {
    public static let format = "clipsonic-prompt-history"
    public static let version = 1
    /// Prompts kept; the oldest go first. 500 prompts of CLIP's 77 tokens are well under 1 MB.
    public static let limit = 500
    /// A longer prompt is not one CLIP could read (see `StudioCommand.maximumLength`).
    public static let maximumPromptLength = 4096

    public private(set) var prompts: [String]

    /// Keeps what `record` would keep had each prompt been recorded in turn, in one pass from the
    /// newest: a hostile file of a million one-letter prompts must not cost a million list scans.
    public init(prompts: [String] = []) {
        var seen = Set<String>()
        var newestFirst: [String] = []
        for prompt in prompts.reversed() {
            guard let kept = Self.keepable(prompt), seen.insert(kept).inserted else { continue }
            newestFirst.append(kept)
            if newestFirst.count == Self.limit { break }
        }
        self.prompts = newestFirst.reversed()
    }

    /// `prompt` as stored, or nil when it is not kept (blank, too long, several lines).
    private static func keepable(_ prompt: String) -> String? {
        let trimmed = prompt.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= maximumPromptLength, !trimmed.contains(where: \.isNewline) else { return nil }
        return trimmed
    }

    /// Adds `prompt` as the newest; blank prompts are not kept.
    public mutating func record(_ prompt: String) {
        guard let trimmed = Self.keepable(prompt) else { return }
        prompts.removeAll { $0 == trimmed }
        prompts.append(trimmed)
        if prompts.count > Self.limit { prompts.removeFirst(prompts.count - Self.limit) }
    }

    public static func parse(data: Data, source: String) throws(StudioError) -> PromptHistory {
        let root: JSONValue
        do { root = try JSONParser.parse(Array(data)) } catch {
            throw .history("\(source): line \(error.line), column \(error.column): \(error.message)")
        }
        guard root["format"]?.stringValue == format else {
            throw .history("\(source): not a prompt history (no \"format\": \"\(format)\")")
        }
        guard let version = root["version"]?.intValue, version >= 1 else {
            throw .history("\(source): \"version\" is missing or not a positive whole number")
        }
        guard version <= Self.version else {
            throw .history("\(source): written by a newer clipsonic (version \(version)); update clipsonic to use it")
        }
        guard let items = root["prompts"]?.arrayValue else { throw .history("\(source): \"prompts\" is not a list") }
        var prompts: [String] = []
        for (index, item) in items.enumerated() {
            guard let prompt = item.stringValue else { throw .history("\(source): prompts[\(index)] is not text") }
            prompts.append(prompt)
        }
        return PromptHistory(prompts: prompts)
    }

    public func encoded() -> Data {
        let value = JSONValue.object(["format": .string(Self.format), "version": .int(Self.version),
                                      "prompts": .array(prompts.map(JSONValue.string))])
        return Data((JSONWriter.text(value, style: .pretty) + "\n").utf8)
    }
}
