import Foundation

/// Rotary position embedding as rotary-embedding-torch 0.1.5 applies it for dalle2-pytorch
/// 1.1.0 (`RotaryEmbedding(dim = min(32, dim_head)).rotate_queries_or_keys`): channel pairs
/// (2i, 2i+1) of the first `dim` channels of each head turn by position × freq_i, with
/// freq_i = 1 / 10000^(2i / dim); the remaining channels pass through.
struct PriorRotaryEmbedding: Sendable {
    let dim: Int
    /// cos and sin of position × freq_i, for positions 0..<positions. [positions, dim / 2]
    let cosines: [Float]
    let sines: [Float]

    /// rotary-embedding-torch computes `1. / (theta ** (arange(0, dim, 2).float() / dim))` in float32.
    static func frequencies(dim: Int) -> [Float] {
        (0..<(dim / 2)).map { i in 1 / powf(10000, Float(2 * i) / Float(dim)) }
    }

    init(dim: Int, positions: Int, frequencies: [Float]? = nil) {
        self.dim = dim
        let freqs = frequencies ?? Self.frequencies(dim: dim)
        var c = [Float](repeating: 0, count: positions * dim / 2), s = c
        for p in 0..<positions {
            for i in 0..<(dim / 2) {
                let angle = Float(p) * freqs[i]  // float32 product, as the reference's einsum
                c[p * dim / 2 + i] = cosf(angle)
                s[p * dim / 2 + i] = sinf(angle)
            }
        }
        cosines = c
        sines = s
    }

    /// Turns x in place. x: [B, H, L, D] (a tensor its caller created), the L tokens sitting
    /// at positions start..<start+L.
    func apply(_ x: Tensor, start: Int) {
        let l = x.shape[2], d = x.shape[3], rows = x.count / d, half = dim / 2
        let p = x.pointer
        for r in 0..<rows {
            let pos = start + r % l
            let row = p + r * d
            let c = pos * half
            for i in 0..<half {
                let x0 = row[2 * i], x1 = row[2 * i + 1]
                let cs = cosines[c + i], sn = sines[c + i]
                row[2 * i] = x0 * cs - x1 * sn
                row[2 * i + 1] = x1 * cs + x0 * sn
            }
        }
    }
}
