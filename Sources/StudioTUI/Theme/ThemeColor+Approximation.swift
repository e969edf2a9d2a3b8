extension ThemeColor {
    /// The xterm default RGB values of the 16 ANSI colours.
    static let ansiPalette: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
    ]
    /// Channel levels of the 6×6×6 colour cube at indices 16-231.
    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The colour as RGB, using xterm's palette for ANSI and indexed colours; nil for the
    /// terminal default, which only the terminal knows.
    public var rgbValue: (red: UInt8, green: UInt8, blue: UInt8)? {
        switch self {
        case .terminalDefault: return nil
        case .ansi(let number): return Self.ansiPalette[Int(number % 16)]
        case .indexed(let index) where index < 16: return Self.ansiPalette[Int(index)]
        case .indexed(let index) where index >= 232:
            let level = UInt8(8 + 10 * (Int(index) - 232))
            return (level, level, level)
        case .indexed(let index):
            let cube = Int(index) - 16
            return (Self.cubeLevels[cube / 36], Self.cubeLevels[cube / 6 % 6], Self.cubeLevels[cube % 6])
        case let .rgb(red, green, blue): return (red, green, blue)
        }
    }

    /// The nearest colour a terminal showing `colorCount` colours can display: true colour
    /// (more than 256) is kept, 256 maps to the palette, fewer to the 16 (or 8) ANSI colours.
    /// Distances are squared RGB differences, which is crude but picks the expected colour for
    /// the saturated and grey colours themes use.
    public func approximated(colorCount: Int) -> ThemeColor {
        guard let rgb = rgbValue else { return self }
        if colorCount > 256 { return self }
        if colorCount >= 256 {
            if case .rgb = self { return .indexed(nearest(rgb, among: 16...255)) }
            return self
        }
        if case .ansi(let number) = self, Int(number) < colorCount { return self }
        let number = nearest(rgb, among: 0...(colorCount >= 16 ? 15 : 7))
        return .ansi(number)
    }

    private func nearest(_ rgb: (red: UInt8, green: UInt8, blue: UInt8), among indices: ClosedRange<Int>) -> UInt8 {
        var best = indices.lowerBound
        var bestDistance = Int.max
        for index in indices {
            let candidate = index < 16 ? Self.ansiPalette[index] : (ThemeColor.indexed(UInt8(index)).rgbValue ?? (0, 0, 0))
            let dr = Int(candidate.0) - Int(rgb.red)
            let dg = Int(candidate.1) - Int(rgb.green)
            let db = Int(candidate.2) - Int(rgb.blue)
            let distance = dr * dr + dg * dg + db * db
            if distance < bestDistance { best = index; bestDistance = distance }
        }
        return UInt8(best)
    }
}
