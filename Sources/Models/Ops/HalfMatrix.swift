import CKernels

/// A weight matrix [rows, columns] stored as IEEE half floats, for networks whose speed is the
/// speed of reading their weights (the diffusion prior: 6 activation rows against every weight,
/// each step). Made once from float32 weights, rounding each to the nearest half, and packed in
/// the layout the kernel reads (panels of 16 rows, column-major within a panel: half.c); read by
/// `Ops.linear(_:weight:)` with float32 activations and float32 sums.
public final class HalfMatrix: @unchecked Sendable {
    public let rows: Int
    public let columns: Int
    /// Panels of `CSK_HALF_PANEL` rows; the last one padded with zeros.
    let panels: UnsafeMutablePointer<UInt16>
    let panelCount: Int
    private var storedCount: Int { panelCount * Int(CSK_HALF_PANEL) * columns }

    /// Rounds and packs a [rows, columns] float32 matrix. A value beyond ±65504 becomes
    /// infinite: callers check `isFinite`.
    public init(_ weight: Tensor) {
        precondition(weight.rank == 2, "HalfMatrix needs a [rows, columns] matrix, got \(weight.shape)")
        rows = weight.shape[0]
        columns = weight.shape[1]
        let width = Int(CSK_HALF_PANEL)
        panelCount = (rows + width - 1) / width
        panels = .allocate(capacity: Swift.max(1, panelCount * width * columns))
        let source = weight.pointer, target = panels, out = rows, k = columns, count = panelCount
        // 16 panels a piece, so both cores pack; each piece its own scratch row.
        let piece = 16, pieces = (count + piece - 1) / piece
        ComputeThreads.parallelFor(pieces) { p in
            let scratch = UnsafeMutablePointer<UInt16>.allocate(capacity: Swift.max(1, k))
            defer { scratch.deallocate() }
            csk_pack_half_panels(source, out, k, target, p * piece, Swift.min(count, (p + 1) * piece), scratch)
        }
    }

    deinit { panels.deallocate() }

    /// Bytes one pass over the matrix reads.
    public var byteCount: Int { storedCount * MemoryLayout<UInt16>.stride }

    /// Whether every value fit in a half (none rounded to infinity, none NaN).
    public var isFinite: Bool {
        for i in 0..<storedCount where panels[i] & 0x7c00 == 0x7c00 { return false }
        return true
    }

    /// The rounded weights back as float32 [rows, columns]: what the half matrix multiplies by, exactly.
    public func widened() -> Tensor {
        let t = Tensor(zeros: [rows, columns])
        csk_unpack_half_panels(panels, rows, columns, t.pointer)
        return t
    }
}

/// A linear layer's [out, in] weight, at the width it is stored at.
public enum LinearWeight: Sendable {
    case float32(Tensor)
    case float16(HalfMatrix)

    /// [out, in]
    public var shape: [Int] {
        switch self {
        case .float32(let t): return t.shape
        case .float16(let h): return [h.rows, h.columns]
        }
    }

    /// The weight with float32 storage rounded to halves; a half weight as it is.
    public func halved() -> LinearWeight {
        if case .float32(let t) = self { return .float16(HalfMatrix(t)) }
        return self
    }

    /// Bytes one pass over the weight reads.
    public var byteCount: Int {
        switch self {
        case .float32(let t): return t.count * MemoryLayout<Float>.stride
        case .float16(let h): return h.byteCount
        }
    }
}
