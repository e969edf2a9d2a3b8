/// The C1 range (0x80...0x9F) read as Windows-1252, the way browsers read it and the way both
/// Python's `html.unescape` (for `&#128;`...) and ftfy's `sloppy-windows-1252` codec map it:
/// the five bytes Windows-1252 leaves undefined map to themselves.
enum Windows1252 {
    static func c1(_ byte: UInt32) -> Unicode.Scalar {
        precondition((0x80...0x9F).contains(byte))
        let v = table[Int(byte - 0x80)]
        return Unicode.Scalar(v == 0 ? byte : v)!
    }

    private static let table: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]
}
