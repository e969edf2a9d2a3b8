/// Exact arithmetic on the text of a JSON number, for `.number` values: no Foundation, so the
/// safetensors fuzz harness can build it with the parser.
enum JSONNumberLiteral {
    /// More digits than any fixed-width integer (UInt64 has 20) and then some.
    static let maximumWholeDigits = 40

    /// The decimal digits of the integer a number literal denotes, with "-" when negative:
    /// "5e1" → "50", "-2.0" → "-2", "0.0e7" → "0". Nil when the literal has a nonzero fraction
    /// ("1.5", "1e-1"), when the integer would have more than `maximumWholeDigits` digits, or when
    /// the text is not a number literal.
    ///
    /// The literal's digits are shifted, never rounded through a Double, so that
    /// "9007199254740993.0" stays 2^53 + 1 rather than becoming 2^53.
    static func wholeDigits(_ text: String) -> String? {
        let utf8 = Array(text.utf8)
        var i = 0
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let negative = i < utf8.count && utf8[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var digits: [UInt8] = []
        // The value is digits × 10^shift.
        var shift = 0
        while i < utf8.count, isDigit(utf8[i]) { digits.append(utf8[i]); i += 1 }
        if i < utf8.count, utf8[i] == UInt8(ascii: ".") {
            i += 1
            while i < utf8.count, isDigit(utf8[i]) { digits.append(utf8[i]); shift -= 1; i += 1 }
        }
        if i < utf8.count, utf8[i] == UInt8(ascii: "e") || utf8[i] == UInt8(ascii: "E") {
            i += 1
            var sign = 1
            if i < utf8.count, utf8[i] == UInt8(ascii: "+") || utf8[i] == UInt8(ascii: "-") {
                sign = utf8[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
            }
            var exponent = 0
            // Clamped: any exponent this large already decides the answer.
            while i < utf8.count, isDigit(utf8[i]) {
                exponent = min(exponent * 10 + Int(utf8[i] - UInt8(ascii: "0")), 1_000_000)
                i += 1
            }
            shift += sign * exponent
        }
        guard i == utf8.count, !digits.isEmpty else { return nil }
        guard let first = digits.firstIndex(where: { $0 != UInt8(ascii: "0") }) else { return "0" }
        digits.removeFirst(first)
        if shift < 0 {
            // Every digit right of the decimal point must be zero.
            let fractionDigits = -shift
            guard fractionDigits < digits.count,
                  digits.suffix(fractionDigits).allSatisfy({ $0 == UInt8(ascii: "0") }) else { return nil }
            digits.removeLast(fractionDigits)
        } else {
            guard digits.count + shift <= maximumWholeDigits else { return nil }
            digits.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: shift))
        }
        guard digits.count <= maximumWholeDigits else { return nil }
        return (negative ? "-" : "") + String(decoding: digits, as: UTF8.self)
    }
}
