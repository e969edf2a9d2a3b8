import CKernels

/// SHA-256 (FIPS 180-4), streaming. Foundation on Linux has no digest, and a bundle's content
/// hash must be the one `sha256sum` prints, so that people can check it by hand.
public struct SHA256: Sendable {
    private var state: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    /// Whether the compression uses the CPU's SHA instructions: nil picks them where the CPU has
    /// them; tests set each way (`false` runs the portable C code).
    var instructions: Bool?

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        var start = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            start = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { compress($0.baseAddress!) }
            pending.removeAll(keepingCapacity: true)
        }
        let whole = (bytes.count - start) / 64
        if whole > 0, let base = bytes.baseAddress {
            compress(base + start, blocks: whole)
            start += 64 * whole
        }
        if start < bytes.count { pending.append(contentsOf: bytes[start...]) }
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        Array(bytes).withUnsafeBytes { update($0) }
    }

    /// The digest as 64 lowercase hex digits.
    public mutating func finalizeHex() -> String {
        let bitLength = length &* 8
        var tail: [UInt8] = [0x80]
        while (pending.count + tail.count) % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        let savedLength = length
        tail.withUnsafeBytes { update($0) }
        length = savedLength
        return state.map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }

    private mutating func compress(_ block: UnsafeRawPointer, blocks: Int = 1) {
        let instructions = self.instructions
        state.withUnsafeMutableBufferPointer { s in
            guard let state = s.baseAddress else { return }
            let bytes = block.assumingMemoryBound(to: UInt8.self)
            switch instructions {
            case nil: csk_sha256_blocks(state, bytes, blocks)
            case let use?:
                // Asked for instructions this CPU lacks (a test on an old CPU): the portable code.
                if csk_sha256_blocks_with(use ? 1 : 0, state, bytes, blocks) == 0 {
                    _ = csk_sha256_blocks_with(0, state, bytes, blocks)
                }
            }
        }
    }
}
