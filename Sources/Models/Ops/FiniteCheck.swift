import CKernels

/// Finds NaN and infinity: weights are checked when they are loaded and each stage's output
/// before the next stage (or a file) takes it, so a bad value is reported where it appeared.
public enum FiniteCheck {
    /// Index of the first non-finite value of `count` floats at `values`, or nil.
    public static func firstNonFinite(_ values: UnsafePointer<Float>, count: Int) -> Int? {
        guard count > 0 else { return nil }
        let chunk = 1 << 18
        let chunks = (count + chunk - 1) / chunk
        if chunks == 1 {
            let i = csk_first_nonfinite(values, count)
            return i < 0 ? nil : i
        }
        // The scan runs at memory speed; threads help on weights of hundreds of MB.
        let found = UnsafeMutablePointer<Int>.allocate(capacity: chunks)
        defer { found.deallocate() }
        ComputeThreads.parallelFor(chunks) { c in
            let lo = c * chunk
            let i = csk_first_nonfinite(values + lo, Swift.min(chunk, count - lo))
            found[c] = i < 0 ? -1 : lo + i
        }
        for c in 0..<chunks where found[c] >= 0 { return found[c] }
        return nil
    }

    public static func firstNonFinite(_ tensor: Tensor) -> Int? {
        firstNonFinite(UnsafePointer(tensor.pointer), count: tensor.count)
    }

    public static func firstNonFinite(_ values: [Float]) -> Int? {
        values.withUnsafeBufferPointer { b in b.baseAddress.flatMap { firstNonFinite($0, count: b.count) } }
    }
}
