/// A key press as the studio sees it: a character (control characters included, so Ctrl-L is
/// `.character("\u{0C}")`), a named special key, or a function key.
///
/// Names, as key files write them (in the style of cmus): a printable character as itself
/// (`q`, `?`, `[`), `^A`…`^Z` for control keys, `space`, `tab`, `enter`, `escape`, `backspace`,
/// `delete`, `insert`, `up`, `down`, `left`, `right`, `home`, `end`, `page_up`, `page_down`,
/// `back_tab` (Shift-Tab), `F1`…`F12`.
public enum Key: Sendable, Hashable, CustomStringConvertible {
    case character(Unicode.Scalar)
    case special(SpecialKey)
    case function(Int)

    public enum SpecialKey: String, Sendable, CaseIterable {
        case up, down, left, right, home, end
        case pageUp = "page_up", pageDown = "page_down"
        case insert, delete, backspace
        case backTab = "back_tab"
    }

    public static let enter = Key.character("\n")
    public static let tab = Key.character("\t")
    public static let escape = Key.character("\u{1B}")
    public static let space = Key.character(" ")

    /// Names for characters that cannot be written as themselves in a key file.
    private static let characterNames: [(String, Unicode.Scalar)] = [
        ("space", " "), ("tab", "\t"), ("enter", "\n"), ("escape", "\u{1B}"),
    ]

    /// Reads a key name; nil if it is not one.
    public init?(name: String) {
        if let special = SpecialKey(rawValue: name.lowercased()) { self = .special(special); return }
        if let named = Key.characterNames.first(where: { $0.0 == name.lowercased() }) {
            self = .character(named.1); return
        }
        let scalars = Array(name.unicodeScalars)
        if scalars.count == 1, scalars[0].value > 0x20, scalars[0].value != 0x7F {
            self = .character(scalars[0]); return
        }
        if scalars.count == 2, scalars[0] == "^" {
            let letter = scalars[1].properties.uppercaseMapping.unicodeScalars.first ?? scalars[1]
            // ^@ ^A ... ^Z ^[ ^\ ^] ^^ ^_ are 0x00...0x1F.
            guard (0x40...0x5F).contains(letter.value), let scalar = Unicode.Scalar(letter.value - 0x40) else { return nil }
            self = .character(scalar); return
        }
        if (name.hasPrefix("F") || name.hasPrefix("f")), let n = Int(name.dropFirst()), (1...24).contains(n) {
            self = .function(n); return
        }
        return nil
    }

    /// The name a key file uses; `Key(name: key.name) == key`.
    public var name: String {
        switch self {
        case .character(let scalar):
            if let named = Key.characterNames.first(where: { $0.1 == scalar }) { return named.0 }
            if scalar.value < 0x20, let letter = Unicode.Scalar(scalar.value + 0x40) { return "^" + String(letter) }
            if scalar.value == 0x7F { return "backspace" }
            return String(scalar)
        case .special(let special): return special.rawValue
        case .function(let n): return "F\(n)"
        }
    }

    public var description: String { name }

    /// The key with the terminal's aliases folded: DEL (0x7F) and ^H are `backspace`, CR is `enter`.
    public var normalized: Key {
        switch self {
        case .character("\u{7F}"), .character("\u{08}"): return .special(.backspace)
        case .character("\r"): return .enter
        default: return self
        }
    }
}
