/// A residual block of anti-aliased multi-periodicity convolutions (`AMPBlock1` or `AMPBlock2`
/// of `bigvgan.bigvgan`), chosen by the config's `resblock`.
protocol AMPBlock: Sendable {
    /// x: [N, C, L] -> [N, C, L]
    func callAsFunction(_ x: Tensor) -> Tensor
}

extension AMPBlock {
    /// `a + b` into `a`'s storage; `a` must be a tensor this block created.
    func addInPlace(_ a: Tensor, _ b: Tensor) {
        let pa = a.pointer, pb = b.pointer, n = a.count
        ComputeThreads.parallelFor((n + 65535) / 65536) { blk in
            let lo = blk * 65536, hi = Swift.min(n, lo + 65536)
            for i in lo..<hi { pa[i] += pb[i] }
        }
    }
}
