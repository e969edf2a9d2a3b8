/// A colour as a theme file writes it: the terminal's own default, one of the 16 ANSI colours,
/// an index into the 256-colour palette, or a 24-bit colour. Terminals that show fewer colours
/// get the nearest one (see `approximated(colorCount:)`).
public enum ThemeColor: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The terminal's default foreground or background (ncurses colour -1).
    case terminalDefault
    /// 0-7 the standard colours black...white, 8-15 their bright variants.
    case ansi(UInt8)
    /// 16-255 of the xterm 256-colour palette (0-15 are written as `.ansi`).
    case indexed(UInt8)
    case rgb(red: UInt8, green: UInt8, blue: UInt8)

    /// The standard names, by ANSI number.
    public static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// The spelling a theme file would use: `default`, `red`, `bright-red`, `208`, `#ff8800`.
    public var description: String {
        switch self {
        case .terminalDefault: return "default"
        case .ansi(let number) where number < 8: return Self.names[Int(number)]
        case .ansi(let number): return "bright-" + Self.names[Int(number % 8)]
        case .indexed(let index): return String(index)
        case let .rgb(red, green, blue): return "#" + [red, green, blue].map(Self.hex).joined()
        }
    }

    /// Reads one colour token; nil if it is not one. Accepts the names above with `bright-`,
    /// `bright_`, `bright` or (as cmus writes them) `light` prefixes, `gray`/`grey` for
    /// bright-black, `-1` for default, 0-255, and `#rrggbb`.
    public init?(token: String) {
        let lowered = token.lowercased()
        if lowered == "default" || lowered == "-1" { self = .terminalDefault; return }
        if lowered.hasPrefix("#") {
            let digits = Array(lowered.utf8.dropFirst())
            guard digits.count == 6, let value = UInt32(String(decoding: digits, as: UTF8.self), radix: 16) else { return nil }
            self = .rgb(red: UInt8(value >> 16 & 0xFF), green: UInt8(value >> 8 & 0xFF), blue: UInt8(value & 0xFF))
            return
        }
        if let number = Int(lowered), String(number) == lowered || lowered.hasPrefix("0") {
            guard (0...255).contains(number) else { return nil }
            self = number < 16 ? .ansi(UInt8(number)) : .indexed(UInt8(number))
            return
        }
        var name = lowered.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        if name == "gray" || name == "grey" { self = .ansi(8); return }
        var bright = false
        for prefix in ["bright", "light"] where name.hasPrefix(prefix) {
            bright = true
            name.removeFirst(prefix.count)
        }
        guard let number = Self.names.firstIndex(of: name) else { return nil }
        self = .ansi(UInt8(number + (bright ? 8 : 0)))
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}
