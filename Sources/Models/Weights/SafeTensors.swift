import Foundation

/// A safetensors file, open for reading: its validated header plus its bytes, memory-mapped
/// when opened from a file.
///
/// Opening maps the file and parses the header only; tensor data is touched when a tensor is
/// asked for. F32 tensors at 4-byte-aligned offsets (all files written by the safetensors
/// libraries and by `write`) are returned in place, borrowing the mapping; other dtypes are
/// converted to a new Float32 tensor.
public struct SafeTensors: Sendable {
    /// The file path (or the name given to `parse`), used in errors.
    public let source: String
    public let header: SafeTensorsHeader
    public let bytes: SafeTensorsBytes

    /// Memory-maps and validates the file at `url`.
    public init(contentsOf url: URL) throws(WeightsError) {
        let path = url.path
        let bytes = try SafeTensorsBytes(mapping: path)
        try self.init(bytes: bytes, source: path)
    }

    init(bytes: SafeTensorsBytes, source: String) throws(WeightsError) {
        self.source = source
        self.bytes = bytes
        header = try SafeTensorsHeader.parse(bytes.buffer, source: source)
    }

    /// Validates a whole safetensors file given as bytes (copied once, so that tensors can
    /// borrow them). No I/O; `source` only names the data in errors.
    public static func parse(bytes: [UInt8], source: String) throws(WeightsError) -> SafeTensors {
        let owner = bytes.withUnsafeBytes { SafeTensorsBytes(copying: $0) }
        return try SafeTensors(bytes: owner, source: source)
    }

    /// Tensor names, sorted.
    public var names: [String] { header.names }

    /// The file's `__metadata__` map (empty when it has none).
    public var metadata: [String: String] { header.metadata }

    public func contains(_ name: String) -> Bool { header.tensors[name] != nil }

    /// dtype, shape and location of one tensor.
    public func info(_ name: String) throws(WeightsError) -> SafeTensorsTensorInfo {
        guard let info = header.tensors[name] else { throw .missingTensor(file: source, tensor: name) }
        return info
    }

    /// The tensor `name` as Float32: borrowed from the file's bytes for aligned F32 data,
    /// converted into new storage otherwise.
    public func tensor(_ name: String) throws(WeightsError) -> Tensor {
        let info = try info(name)
        let count = info.count
        guard count > 0, let base = bytes.base else { return Tensor(zeros: info.shape) }
        let start = base + header.dataStart + info.byteRange.lowerBound
        if info.dtype == .f32, Int(bitPattern: start) % MemoryLayout<Float>.alignment == 0,
           UInt32(littleEndian: 1) == 1 {
            // The storage is typed mutable only because TensorStorage is; the pages are
            // PROT_READ and tensors are never written by anyone but their creator.
            let floats = UnsafeMutablePointer(mutating: start.assumingMemoryBound(to: Float.self))
            let storage = TensorStorage(borrowing: floats, count: count, owner: bytes)
            return Tensor(shape: info.shape, storage: storage)
        }
        let result = Tensor(zeros: info.shape)
        let out = result.pointer
        let dtype = info.dtype
        let size = dtype.size
        // Large F16/BF16 weights convert at memory speed when spread over the compute threads.
        let chunk = 1 << 16
        let chunks = (count + chunk - 1) / chunk
        ComputeThreads.parallelFor(chunks) { c in
            let lo = c * chunk, n = Swift.min(chunk, count - lo)
            dtype.convert(start + lo * size, count: n, into: out + lo)
        }
        return result
    }
}
