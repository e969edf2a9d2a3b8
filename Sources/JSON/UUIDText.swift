import Foundation

/// UUIDs as session files spell them: 36 characters, hex digits in groups of 8-4-4-4-12 joined by
/// hyphens, either case; read to the same value as `UUID(uuidString:)`. Stricter than that reader
/// on Linux, which (through `sscanf`) also takes a sign or a space inside a group.
///
/// Read here because Foundation's reader on Linux goes through `sscanf`, a measurable part of
/// opening a session of 100,000 takes (issue #17).
public enum UUIDText {
    public static func parse(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// The UUID spelled by `bytes` (a string's UTF-8, without the quotes).
    public static func parse(raw: UnsafeRawBufferPointer) -> UUID? {
        parse(bytes: raw.assumingMemoryBound(to: UInt8.self))
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard bytes.count == 36 else { return nil }
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &value) { out -> Bool in
            var position = 0
            for byteIndex in 0..<16 {
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard bytes[position] == UInt8(ascii: "-") else { return false }
                    position += 1
                }
                guard let high = hexDigit(bytes[position]), let low = hexDigit(bytes[position + 1]) else { return false }
                out[byteIndex] = high << 4 | low
                position += 2
            }
            return true
        }
        return ok ? UUID(uuid: value) : nil
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
