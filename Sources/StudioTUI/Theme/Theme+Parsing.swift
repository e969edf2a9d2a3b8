import Models
import Foundation

extension Theme {
    /// Every key a theme file sets: the roles, then the gradient.
    public static let keys = ThemeRole.allCases.map(\.rawValue) + ["spectrogram"]
    /// The largest theme file read, in bytes; the shipped ones are under 1 KB.
    public static let maximumSize = 64 << 10
    /// The longest line; the longest real one, a 9-colour gradient, is about 90 bytes.
    public static let maximumLineLength = 1024

    /// Reads a theme from a file's bytes; pure, so it can be fuzzed. `source` names the file in
    /// errors, and the theme is named after it (`themes/dark.theme` -> "dark").
    public static func parse(data: [UInt8], source: String) throws(ThemeError) -> Theme {
        guard data.count <= maximumSize else { throw .fileTooLarge(source: source, size: data.count, limit: maximumSize) }
        let text = String(decoding: data, as: UTF8.self)
        guard Array(text.utf8) == data else { throw .notUTF8(source: source) }
        return try parse(text: text, source: source)
    }

    /// Reads a theme from its text. Format, in the style of cmus's `data/*.theme`:
    ///
    ///     # a comment (whole lines only: "#" also starts #rrggbb colours)
    ///     background = default
    ///     set accent=#5fafff
    ///     spectrogram = #000004 #2c115f #721f81 #b73779 #f1605d #feb078 #fcfdbf
    ///
    /// Keys may use `-` for `_`. Every key must be set exactly once; the gradient has 5 to 9
    /// colours, separated by spaces or commas. A line over `maximumLineLength` bytes is refused
    /// before it is read, which keeps parsing linear in the file's size.
    public static func parse(text: String, source: String) throws(ThemeError) -> Theme {
        var colors: [ThemeRole: ThemeColor] = [:]
        var spectrogram: [ThemeColor] = []
        var lineOfKey: [String: Int] = [:]
        // "\r\n" is one Character in Swift, so it is matched as well as "\n"; a lone "\r" is not
        // a line break, as in most editors.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            let length = rawLine.utf8.count
            guard length <= maximumLineLength else {
                throw .lineTooLong(source: source, line: number, length: length, limit: maximumLineLength)
            }
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var assignment = Substring(line)
            if assignment.hasPrefix("set ") || assignment.hasPrefix("set\t") { assignment = assignment.dropFirst(4) }
            guard let equals = assignment.firstIndex(of: "=") else {
                throw .syntax(source: source, line: number, text: line)
            }
            let key = assignment[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                .replacingOccurrences(of: "-", with: "_")
            let value = assignment[assignment.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, !key.contains(" ") else { throw .syntax(source: source, line: number, text: line) }
            guard keys.contains(key) else {
                throw .unknownKey(source: source, line: number, key: key, suggestion: closestKey(to: key))
            }
            if let first = lineOfKey[key] {
                throw .duplicateKey(source: source, line: number, key: key, firstLine: first)
            }
            lineOfKey[key] = number
            if let role = ThemeRole(rawValue: key) {
                guard let color = ThemeColor(token: value) else {
                    throw .invalidColor(source: source, line: number, key: key, value: value)
                }
                colors[role] = color
            } else {
                let tokens = value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
                for token in tokens {
                    guard let color = ThemeColor(token: token) else {
                        throw .invalidColor(source: source, line: number, key: key, value: token)
                    }
                    spectrogram.append(color)
                }
                guard gradientLengths.contains(spectrogram.count) else {
                    throw .gradientLength(source: source, line: number, count: spectrogram.count)
                }
            }
        }
        let missing = keys.filter { lineOfKey[$0] == nil }
        if !missing.isEmpty { throw .missingKeys(source: source, keys: missing) }
        return Theme(name: themeName(fromSource: source), colors: colors, spectrogram: spectrogram)
    }

    /// "themes/high-contrast.theme" -> "high-contrast".
    static func themeName(fromSource source: String) -> String {
        var name = source.split(separator: "/").last.map(String.init) ?? source
        if name.hasSuffix(".theme") { name.removeLast(".theme".count) }
        return name
    }

    /// The key within two edits of a misspelt one, for "did you mean".
    static func closestKey(to key: String) -> String? { NameSuggestion.closest(to: key, among: keys) }
}
