/// The element types a safetensors file can declare, spelled as in the format's header.
///
/// Every byte-sized or larger dtype of the format is recognised, so that a header is validated
/// whatever it stores; all of them convert to Float32 (integers and booleans by value, wide
/// floats by rounding). Sub-byte packed types (F4, F6_*) are not recognised.
public enum SafeTensorsDType: String, Sendable, CaseIterable {
    case bool = "BOOL"
    case u8 = "U8", i8 = "I8"
    case f8e4m3 = "F8_E4M3", f8e5m2 = "F8_E5M2", f8e8m0 = "F8_E8M0"
    case u16 = "U16", i16 = "I16", f16 = "F16", bf16 = "BF16"
    case u32 = "U32", i32 = "I32", f32 = "F32"
    case u64 = "U64", i64 = "I64", f64 = "F64"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .bool, .u8, .i8, .f8e4m3, .f8e5m2, .f8e8m0: return 1
        case .u16, .i16, .f16, .bf16: return 2
        case .u32, .i32, .f32: return 4
        case .u64, .i64, .f64: return 8
        }
    }

    /// Whether the dtype holds real numbers (what network weights must be).
    public var isFloatingPoint: Bool {
        switch self {
        case .f8e4m3, .f8e5m2, .f8e8m0, .f16, .bf16, .f32, .f64: return true
        default: return false
        }
    }

    /// Converts `count` little-endian elements at `source` (any alignment) to Float32.
    public func convert(_ source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>) {
        switch self {
        case .f32:
            for i in 0..<count {
                destination[i] = Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            }
        case .f16:
            for i in 0..<count {
                destination[i] = Self.halfToFloat(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
            }
        case .bf16:
            // bfloat16 is the top half of a float32.
            for i in 0..<count {
                let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                destination[i] = Float(bitPattern: UInt32(bits) << 16)
            }
        case .f64:
            for i in 0..<count {
                destination[i] = Float(Double(bitPattern: UInt64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
            }
        case .f8e5m2:
            // E5M2 is the top byte of an IEEE half.
            for i in 0..<count { destination[i] = Self.halfToFloat(UInt16(source.load(fromByteOffset: i, as: UInt8.self)) << 8) }
        case .f8e4m3:
            for i in 0..<count { destination[i] = Self.e4m3ToFloat(source.load(fromByteOffset: i, as: UInt8.self)) }
        case .f8e8m0:
            for i in 0..<count { destination[i] = Self.e8m0ToFloat(source.load(fromByteOffset: i, as: UInt8.self)) }
        case .bool:
            for i in 0..<count { destination[i] = source.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0 }
        case .u8:
            for i in 0..<count { destination[i] = Float(source.load(fromByteOffset: i, as: UInt8.self)) }
        case .i8:
            for i in 0..<count { destination[i] = Float(source.load(fromByteOffset: i, as: Int8.self)) }
        case .u16:
            for i in 0..<count { destination[i] = Float(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        case .i16:
            for i in 0..<count { destination[i] = Float(Int16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))) }
        case .u32:
            for i in 0..<count { destination[i] = Float(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        case .i32:
            for i in 0..<count { destination[i] = Float(Int32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
        case .u64:
            for i in 0..<count { destination[i] = Float(UInt64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
        case .i64:
            for i in 0..<count { destination[i] = Float(Int64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
        }
    }

    /// IEEE binary16 to binary32, exact for every input (subnormals, infinities). NaNs keep
    /// their payload and come out quiet, bit for bit as PyTorch's `half.float()`.
    /// Done on bits rather than with `Float16`, which Swift lacks on Intel macOS.
    @inline(__always)
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            // Zero or subnormal: mantissa * 2^-24, exact in Float32.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign != 0 ? -magnitude : magnitude
        }
        if exponent == 0x1F {
            let quiet: UInt32 = mantissa == 0 ? 0 : 0x0040_0000
            return Float(bitPattern: sign | 0x7F80_0000 | quiet | (mantissa << 13))
        }
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }

    /// OCP FP8 E4M3 ("fn" variant, as in torch.float8_e4m3fn): bias 7, no infinities,
    /// S.1111.111 is NaN (as bits 0x7FF00000 with the sign, like PyTorch's conversion).
    static func e4m3ToFloat(_ b: UInt8) -> Float {
        let exponent = Int((b >> 3) & 0xF)
        let mantissa = Float(b & 0x7)
        let magnitude: Float
        if exponent == 0xF && b & 0x7 == 0x7 {
            magnitude = Float(bitPattern: 0x7FF0_0000)
        } else if exponent == 0 {
            magnitude = mantissa * 0x1p-9
        } else {
            magnitude = (1 + mantissa / 8) * Float(sign: .plus, exponent: exponent - 7, significand: 1)
        }
        return b & 0x80 != 0 ? -magnitude : magnitude
    }

    /// OCP E8M0 (a power-of-two scale): 2^(b - 127), 0xFF is NaN.
    static func e8m0ToFloat(_ b: UInt8) -> Float {
        b == 0xFF ? .nan : Float(sign: .plus, exponent: Int(b) - 127, significand: 1)
    }
}
