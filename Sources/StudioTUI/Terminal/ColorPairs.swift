import CNcursesw

/// Maps cell colours to ncurses colour numbers and pairs, allocating pairs as styles appear.
/// Theme colours are first approximated to what the terminal shows (see
/// `ThemeColor.approximated`); on direct-colour terminals (more than 256 colours) ncurses colour
/// numbers above 7 are 0xRRGGBB values.
struct ColorPairs {
    let colorCount: Int
    let maximumPairs: Int
    private var pairs: [PairKey: Int32] = [:]
    private var next: Int32 = 1

    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    init(colorCount: Int, maximumPairs: Int) {
        self.colorCount = colorCount
        self.maximumPairs = maximumPairs
    }

    /// The ncurses colour number for `color`; -1 is the terminal's default.
    func number(for color: ThemeColor) -> Int32 {
        let approximated = color.approximated(colorCount: colorCount)
        if colorCount > 256 {
            switch approximated {
            case .terminalDefault: return -1
            case .ansi(let n) where n < 8: return Int32(n)
            default:
                guard let rgb = approximated.rgbValue else { return -1 }
                return Int32(rgb.red) << 16 | Int32(rgb.green) << 8 | Int32(rgb.blue)
            }
        }
        switch approximated {
        case .terminalDefault: return -1
        case .ansi(let n): return Int32(n) < Int32(colorCount) ? Int32(n) : Int32(n % 8)
        case .indexed(let n): return Int32(n)
        case .rgb: return -1
        }
    }

    /// The pair for a foreground and background, defined on first use; 0 (the terminal's
    /// default colours) once the terminal's pairs run out.
    mutating func pair(foreground: ThemeColor, background: ThemeColor) -> Int32 {
        let key = PairKey(foreground: number(for: foreground), background: number(for: background))
        if key.foreground == -1, key.background == -1 { return 0 }
        if let existing = pairs[key] { return existing }
        guard Int(next) < maximumPairs else { return 0 }
        let pair = next
        next += 1
        init_extended_pair(pair, key.foreground, key.background)
        pairs[key] = pair
        return pair
    }

    /// Forgets every pair, for a new theme.
    mutating func reset() {
        pairs.removeAll()
        next = 1
    }
}
