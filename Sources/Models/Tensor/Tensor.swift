/// A dense, contiguous, row-major Float32 tensor.
///
/// Shapes follow PyTorch's conventions (`[N, C, H, W]` for images, `[N, C, L]` for sequences of
/// channels, `[..., features]` for linear layers) so that network code reads like its PyTorch
/// reference. Views (`reshaped`, `slice(0, ...)` along the first axis) share storage; every other
/// operation returns a new tensor.
public struct Tensor: @unchecked Sendable {
    public let shape: [Int]
    public let storage: TensorStorage
    /// Element offset of this tensor's first element inside `storage`.
    public let offset: Int

    public var count: Int { shape.reduce(1, *) }
    public var rank: Int { shape.count }

    /// A new zero-filled tensor.
    public init(zeros shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        storage = TensorStorage(count: shape.reduce(1, *))
        offset = 0
    }

    /// A new tensor whose elements are undefined: for results that write every element.
    init(uninitialized shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        storage = TensorStorage(uninitializedCount: shape.reduce(1, *))
        offset = 0
    }

    public init(shape: [Int], repeating value: Float) {
        self.init(zeros: shape)
        if value != 0 { pointer.update(repeating: value, count: count) }
    }

    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.reduce(1, *) == scalars.count,
                     "shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.init(zeros: shape)
        scalars.withUnsafeBufferPointer { src in
            if let b = src.baseAddress { pointer.update(from: b, count: src.count) }
        }
    }

    /// A tensor over existing storage (used by views and memory-mapped weights).
    public init(shape: [Int], storage: TensorStorage, offset: Int = 0) {
        precondition(offset >= 0 && offset + shape.reduce(1, *) <= storage.count,
                     "view \(shape) at \(offset) exceeds storage of \(storage.count)")
        self.shape = shape
        self.storage = storage
        self.offset = offset
    }

    /// Pointer to the first element. Only the creator of a tensor may write through it.
    @inlinable public var pointer: UnsafeMutablePointer<Float> { storage.base + offset }

    public var buffer: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: pointer, count: count) }

    /// A copy of the elements, in row-major order.
    public var scalars: [Float] { Array(buffer) }

    /// Size of dimension `axis`; negative axes count from the end.
    public func dim(_ axis: Int) -> Int { shape[normalize(axis: axis)] }

    public func normalize(axis: Int) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < rank, "axis \(axis) out of range for shape \(shape)")
        return a
    }

    /// Same elements, new shape (a view). One dimension may be -1.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var s = newShape
        if let i = s.firstIndex(of: -1) {
            let known = s.enumerated().filter { $0.offset != i }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            s[i] = count / known
        }
        precondition(s.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        return Tensor(shape: s, storage: storage, offset: offset)
    }

    /// Rows `range` of the first axis (a view).
    public func rows(_ range: Range<Int>) -> Tensor {
        precondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0],
                     "rows \(range) out of range for shape \(shape)")
        let inner = shape.dropFirst().reduce(1, *)
        return Tensor(shape: [range.count] + shape.dropFirst(), storage: storage,
                      offset: offset + range.lowerBound * inner)
    }

    /// Row `i` of the first axis, with that axis removed (a view).
    public subscript(_ i: Int) -> Tensor {
        rows(i..<(i + 1)).reshaped(Array(shape.dropFirst()))
    }

    /// A deep copy with its own storage.
    public func copy() -> Tensor {
        let t = Tensor(zeros: shape)
        t.pointer.update(from: pointer, count: count)
        return t
    }

    /// Strides of a contiguous row-major tensor of this shape.
    public var strides: [Int] {
        var s = [Int](repeating: 1, count: rank)
        var acc = 1
        for i in stride(from: rank - 1, through: 0, by: -1) { s[i] = acc; acc *= shape[i] }
        return s
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let head = buffer.prefix(8).map { String(format: "%.5g", Double($0)) }.joined(separator: ", ")
        return "Tensor(\(shape), [\(head)\(count > 8 ? ", …" : "")])"
    }
}
