extension Ops {
    /// NumPy-style broadcast shape of two shapes.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
        let r = Swift.max(a.count, b.count)
        let pa = [Int](repeating: 1, count: r - a.count) + a
        let pb = [Int](repeating: 1, count: r - b.count) + b
        return (0..<r).map { i in
            precondition(pa[i] == pb[i] || pa[i] == 1 || pb[i] == 1, "cannot broadcast \(a) with \(b)")
            return Swift.max(pa[i], pb[i])
        }
    }

    /// Applies `f` elementwise with broadcasting. The innermost output axis is walked with a
    /// fixed stride per operand, so per-channel terms ([N, C, 1, 1] against [N, C, H, W]) stay fast.
    public static func broadcast(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        OpProfile.measure("elementwise \(a.shape)·\(b.shape)") { broadcastKernel(a, b, f, arithmetic: nil) }
    }

    /// The four arithmetic operators, named so that operands of one shape run a loop with the
    /// operator written in it, which vectorises: through `f`, a closure call per element, the
    /// prior's residual adds (6×768 values, 3,072 a sample) took 10 µs each.
    enum Arithmetic {
        case add, sub, mul, div

        /// The operator, for the broadcasting path.
        var function: (Float, Float) -> Float {
            switch self {
            case .add: return (+)
            case .sub: return (-)
            case .mul: return (*)
            case .div: return (/)
            }
        }
    }

    private static func broadcast(_ a: Tensor, _ b: Tensor, _ op: Arithmetic) -> Tensor {
        OpProfile.measure("elementwise \(a.shape)·\(b.shape)") { broadcastKernel(a, b, op.function, arithmetic: op) }
    }

    private static func broadcastKernel(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float,
                                        arithmetic: Arithmetic?) -> Tensor {
        if a.shape == b.shape {
            // Blocks long enough that a small tensor is one block, on the calling thread.
            let y = Tensor(uninitialized: a.shape)
            let yp = y.pointer, ap = a.pointer, bp = b.pointer, n = a.count, block = 16384
            ComputeThreads.parallelFor((n + block - 1) / block) { blk in
                let range = (blk * block)..<Swift.min(n, (blk + 1) * block)
                switch arithmetic {
                case .add: for i in range { yp[i] = ap[i] + bp[i] }
                case .sub: for i in range { yp[i] = ap[i] - bp[i] }
                case .mul: for i in range { yp[i] = ap[i] * bp[i] }
                case .div: for i in range { yp[i] = ap[i] / bp[i] }
                case nil: for i in range { yp[i] = f(ap[i], bp[i]) }
                }
            }
            return y
        }
        let shape = broadcastShape(a.shape, b.shape)
        let r = shape.count
        func stridesFor(_ t: Tensor) -> [Int] {
            let padded = [Int](repeating: 1, count: r - t.rank) + t.shape
            var s = [Int](repeating: 0, count: r), acc = 1
            for i in stride(from: r - 1, through: 0, by: -1) {
                s[i] = padded[i] == 1 ? 0 : acc
                acc *= padded[i]
            }
            return s
        }
        let sa = stridesFor(a), sb = stridesFor(b)
        let y = Tensor(uninitialized: shape)
        if y.count == 0 { return y }
        let last = r == 0 ? 1 : shape[r - 1]
        let la = r == 0 ? 0 : sa[r - 1], lb = r == 0 ? 0 : sb[r - 1]
        let rows = y.count / last
        ComputeThreads.parallelFor(rows, minChunk: 64) { row in
            var rem = row, oa = 0, ob = 0
            for d in stride(from: r - 2, through: 0, by: -1) {
                let i = rem % shape[d]; rem /= shape[d]
                oa += i * sa[d]; ob += i * sb[d]
            }
            let pa = a.pointer + oa, pb = b.pointer + ob, py = y.pointer + row * last
            for j in 0..<last { py[j] = f(pa[j * la], pb[j * lb]) }
        }
        return y
    }

    public static func add(_ a: Tensor, _ b: Tensor) -> Tensor { broadcast(a, b, .add) }
    /// y += x over equal counts, in place: a residual added to a tensor its caller just made and
    /// alone holds (no fresh buffer, one pass), in blocks over the threads.
    static func addInPlace(_ y: Tensor, _ x: Tensor) {
        precondition(y.count == x.count, "addInPlace: \(y.shape) and \(x.shape)")
        let yp = y.pointer, xp = x.pointer, n = y.count, block = 16384
        ComputeThreads.parallelFor((n + block - 1) / block) { blk in
            for i in (blk * block)..<Swift.min(n, (blk + 1) * block) { yp[i] += xp[i] }
        }
    }
    public static func sub(_ a: Tensor, _ b: Tensor) -> Tensor { broadcast(a, b, .sub) }
    public static func mul(_ a: Tensor, _ b: Tensor) -> Tensor { broadcast(a, b, .mul) }
    public static func div(_ a: Tensor, _ b: Tensor) -> Tensor { broadcast(a, b, .div) }
    public static func scale(_ x: Tensor, _ s: Float) -> Tensor { map(x) { $0 * s } }
}

public func + (a: Tensor, b: Tensor) -> Tensor { Ops.add(a, b) }
public func - (a: Tensor, b: Tensor) -> Tensor { Ops.sub(a, b) }
public func * (a: Tensor, b: Tensor) -> Tensor { Ops.mul(a, b) }
public func / (a: Tensor, b: Tensor) -> Tensor { Ops.div(a, b) }
public func * (a: Tensor, s: Float) -> Tensor { Ops.scale(a, s) }
public func * (s: Float, a: Tensor) -> Tensor { Ops.scale(a, s) }
public func + (a: Tensor, s: Float) -> Tensor { Ops.map(a) { $0 + s } }
public func - (a: Tensor, s: Float) -> Tensor { Ops.map(a) { $0 - s } }
