/// The memory behind one or more tensors: either owned (allocated here, freed on deinit) or
/// borrowed from a longer-lived owner such as a memory-mapped weights file.
///
/// Storage is a reference type so that views (reshape, slicing along the first axis) share it.
/// Tensors are treated as values: a tensor's storage is written only by the code that created it,
/// before it is handed out. That keeps sharing safe without copy-on-write bookkeeping.
public final class TensorStorage: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Float>
    public let count: Int
    private let owner: AnyObject?
    private let owned: Bool
    private let capacity: Int

    /// Allocates `count` floats, zero-filled.
    public convenience init(count: Int) {
        self.init(uninitializedCount: count)
        base.update(repeating: 0, count: Swift.max(count, 1))
    }

    /// Allocates `count` floats whose values are undefined, for results that overwrite every
    /// element. Large buffers come from, and go back to, the `StoragePool`.
    init(uninitializedCount count: Int) {
        precondition(count >= 0, "negative element count")
        // At least one element, so that `base` is always a valid pointer.
        (base, capacity) = StoragePool.shared.take(capacity: StoragePool.capacity(for: count))
        self.count = count
        owner = nil
        owned = true
    }

    /// Wraps memory that `owner` keeps alive (e.g. a memory map); nothing is copied.
    public init(borrowing base: UnsafeMutablePointer<Float>, count: Int, owner: AnyObject) {
        self.base = base
        self.count = count
        capacity = count
        self.owner = owner
        owned = false
    }

    /// Hands back the resident pages of elements offset..<offset+count when this storage is a
    /// weights file's memory map (`SafeTensorsBytes.releaseResidentPages(of:byteCount:)`): a
    /// weight read once into a derived form (Winograd's) need not stay in memory. Elsewhere nothing.
    public func releaseResidentPages(offset: Int, count: Int) {
        guard let file = owner as? SafeTensorsBytes else { return }
        file.releaseResidentPages(of: base + offset, byteCount: count * MemoryLayout<Float>.stride)
    }

    deinit {
        if owned { StoragePool.shared.give(base, capacity: capacity) }
    }
}
