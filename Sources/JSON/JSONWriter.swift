/// Serialises a `JSONValue` as text. Keys are always sorted (by their UTF-8 bytes), so equal
/// values give byte-equal text: tags, sidecars and sessions diff cleanly.
///
/// `.compact` is what the reference safetensors writer (serde_json) writes: no spaces, only the
/// escapes JSON requires. `.pretty` is Foundation's `.prettyPrinted` layout, two spaces per
/// level and `"key" : value`, so files written before the switch look the same.
public enum JSONWriter {
    public enum Style: Sendable {
        case compact
        case pretty
    }

    /// `value` as JSON text, without a trailing newline.
    public static func text(_ value: JSONValue, style: Style = .compact) -> String {
        var out = ""
        write(value, style: style, indent: 0, into: &out)
        return out
    }

    /// `s` as a JSON string literal. "/" is not escaped, and non-ASCII characters are kept as
    /// they are (JSON text is UTF-8).
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func write(_ value: JSONValue, style: Style, indent: Int, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let integer): out += String(integer)
        case .number(let text): out += text
        case .string(let text): out += quoted(text)
        case .array(let elements):
            if elements.isEmpty { out += "[]"; return }
            out += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { out += "," }
                newline(style, indent + 1, &out)
                write(element, style: style, indent: indent + 1, into: &out)
            }
            newline(style, indent, &out)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            // Byte order, not `String`'s `<`, which compares by Unicode canonical equivalence.
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (position, key) in keys.enumerated() {
                if position > 0 { out += "," }
                newline(style, indent + 1, &out)
                out += quoted(key)
                out += style == .pretty ? " : " : ":"
                write(members[key] ?? .null, style: style, indent: indent + 1, into: &out)
            }
            newline(style, indent, &out)
            out += "}"
        }
    }

    private static func newline(_ style: Style, _ indent: Int, _ out: inout String) {
        guard style == .pretty else { return }
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }
}
