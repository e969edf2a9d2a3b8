/// One tensor's entry in a safetensors header, validated.
public struct SafeTensorsTensorInfo: Sendable, Equatable {
    public let dtype: SafeTensorsDType
    public let shape: [Int]
    /// Byte range relative to the start of the data area (just after the header).
    public let byteRange: Range<Int>

    /// Number of elements (1 for a scalar, shape `[]`).
    public var count: Int { shape.reduce(1, *) }
}
