import CKernels

/// Attention heads as a linear layer leaves them: side by side in each token's row. `rows` is
/// [N, L, width]; head h is the `size` values from column `first + h·size` of each row.
public struct TokenHeads {
    public let rows: Tensor
    public let first: Int
    public let size: Int

    public init(_ rows: Tensor, first: Int = 0, size: Int) {
        precondition(rows.rank == 3 && first >= 0 && size > 0, "token heads: rows \(rows.shape), first \(first), size \(size)")
        self.rows = rows
        self.first = first
        self.size = size
    }

    var batch: Int { rows.dim(0) }
    var length: Int { rows.dim(1) }
    var width: Int { rows.dim(2) }

    /// [N, heads, L, size]: the heads apart, as `Ops.attention(query:key:value:)` takes them.
    func split(_ heads: Int) -> Tensor {
        let n = batch, l = length, w = width
        let y = Tensor(uninitialized: [n, heads, l, size])
        ComputeThreads.parallelFor(n * heads) { item in
            let b = item / heads, h = item % heads
            let src = rows.pointer + b * l * w + first + h * size, dst = y.pointer + item * l * size
            for t in 0..<l { (dst + t * size).update(from: src + t * w, count: size) }
        }
        return y
    }
}

extension Ops {
    /// Multi-head attention on token rows: [N, Lq, heads·dv], each row its heads' outputs side
    /// by side, as splitting the heads, `attention(query:key:value:)` and merging them again give.
    /// Without a mask or causality (self-attention of the U-Net and of CLIP's image tower, the
    /// U-Net's cross-attention), where `csk_attention_block` runs, the heads are read and written
    /// in place: no permute on either side, and no packing of keys and values for every block of
    /// queries. Elsewhere, through the permutes.
    public static func attention(query q: TokenHeads, key k: TokenHeads, value v: TokenHeads, heads: Int,
                                 scale: Float? = nil, causal: Bool = false, keyPaddingMask: Tensor? = nil) -> Tensor {
        let n = q.batch, lq = q.length, lk = k.length, d = q.size, dv = v.size
        precondition(k.batch == n && v.batch == n && v.length == lk && k.size == d
                     && q.first + heads * d <= q.width && k.first + heads * d <= k.width && v.first + heads * dv <= v.width,
                     "attention: \(heads) heads of q \(q.rows.shape) from \(q.first), k \(k.rows.shape) from \(k.first), "
                     + "v \(v.rows.shape) from \(v.first) do not fit")
        let s = scale ?? 1 / Float(d).squareRoot()
        guard !causal, keyPaddingMask == nil, csk_attention_block_available(dv) != 0 else {
            let y = attention(query: q.split(heads), key: k.split(heads), value: v.split(heads), scale: s,
                              causal: causal, keyPaddingMask: keyPaddingMask)
            return permute(y, [0, 2, 1, 3]).reshaped([n, lq, heads * dv])
        }
        return OpProfile.measure("sdpa \(n)x\(heads) heads, \(lq)x\(lk) x\(d)") {
            let y = Tensor(uninitialized: [n, lq, heads * dv])
            let rowsPerBlock = csk_attention_block_rows(), blocks = (lq + rowsPerBlock - 1) / rowsPerBlock
            let items = n * heads * blocks
            // Each thread runs a contiguous share of the (sample, head, block of queries) items
            // with one scratch: the block's transposed queries and its scores, and the keys and
            // values of its current head gathered into rows of their own, once for all the
            // head's blocks (the kernel wants them so: attention_block.c).
            let shares = Swift.min(items, ComputeThreads.count)
            let scratchCount = csk_attention_block_scratch(lk, d)
            ComputeThreads.parallelFor(shares) { share in
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount + lk * (d + dv))
                defer { scratch.deallocate() }
                let keys = scratch + scratchCount, values = keys + lk * d
                var gathered = -1
                for item in (items * share / shares)..<(items * (share + 1) / shares) {
                    let b = item / (heads * blocks), h = (item / blocks) % heads, r0 = (item % blocks) * rowsPerBlock
                    let rows = Swift.min(rowsPerBlock, lq - r0)
                    if gathered != b * heads + h {
                        gathered = b * heads + h
                        let kp = k.rows.pointer + b * lk * k.width + k.first + h * d
                        let vp = v.rows.pointer + b * lk * v.width + v.first + h * dv
                        for j in 0..<lk {
                            (keys + j * d).update(from: kp + j * k.width, count: d)
                            (values + j * dv).update(from: vp + j * v.width, count: dv)
                        }
                    }
                    let status = csk_attention_block(
                        q.rows.pointer + (b * lq + r0) * q.width + q.first + h * d, q.width, rows, keys, values,
                        lk, d, dv, s, scratch, y.pointer + (b * lq + r0) * heads * dv + h * dv, heads * dv)
                    precondition(status == 0, "attention kernel refused \(rows) rows of \(lk) keys x \(d)")
                }
            }
            return y
        }
    }
}
