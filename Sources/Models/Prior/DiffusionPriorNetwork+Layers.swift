import CKernels
import Foundation

extension DiffusionPriorNetwork {
    /// 1.1.0's `Attention` (without the residual). x: [B, n, dim], the tokens at positions
    /// start..<start+n; past: the keys and values of positions 0..<start, null first
    /// ([B, 1, 1 + start, dim_head] each), or nil when start is 0.
    /// -> (output [B, n, dim], keys and values of positions 0..<start+n with the null first)
    func attention(_ w: PriorLayerWeights, _ x: Tensor, start: Int,
                   past: (keys: Tensor, values: Tensor)?) -> (Tensor, Tensor, Tensor) {
        let b = x.shape[0], n = x.shape[1], h = config.heads, dh = config.dimHead
        let normed = Ops.layerNorm(x, weight: w.attentionNorm, bias: nil)
        let q = Ops.permute(Ops.linear(normed, weight: w.toQ).reshaped([b, n, h, dh]), [0, 2, 1, 3])
        let kv = Ops.linear(normed, weight: w.toKV)                   // [B, n, 2 dh]
        let k = Ops.slice(kv, axis: 2, range: 0..<dh).reshaped([b, 1, n, dh])
        let v = Ops.slice(kv, axis: 2, range: dh..<(2 * dh)).reshaped([b, 1, n, dh])
        if let rotary {
            rotary.apply(q, start: start)
            rotary.apply(k, start: start)
        }
        let before = past ?? nullKeysAndValues(w, batch: b)
        let keys = Ops.concat([before.keys, k], axis: 2)                         // [B, 1, 1 + start + n, dh]
        let values = Ops.concat([before.values, v], axis: 2)
        let bias = Ops.slice(Ops.slice(positionBias, axis: 1, range: start..<(start + n)),
                             axis: 2, range: 0..<(start + n + 1))                // [H, n, 1 + start + n]
        // q·k / sqrt(dh) + 128 × bias, causal (query i also sees the null key): see PriorRelativePositionBias.
        let o = Ops.attention(query: q, key: keys, value: values, causal: true, bias: bias)   // [B, H, n, dh]
        let merged = Ops.permute(o, [0, 2, 1, 3]).reshaped([b, n, h * dh])
        let out = Ops.layerNorm(Ops.linear(merged, weight: w.toOut), weight: w.outNorm, bias: nil)
        return (out, keys, values)
    }

    /// The learned null key and value, one per batch row: ([B, 1, 1, dh], [B, 1, 1, dh])
    func nullKeysAndValues(_ w: PriorLayerWeights, batch b: Int) -> (keys: Tensor, values: Tensor) {
        let dh = config.dimHead
        let k = Tensor(zeros: [b, 1, 1, dh]), v = Tensor(zeros: [b, 1, 1, dh])
        for i in 0..<b {
            (k.pointer + i * dh).update(from: w.nullKV.pointer, count: dh)
            (v.pointer + i * dh).update(from: w.nullKV.pointer + dh, count: dh)
        }
        return (k, v)
    }

    /// 1.1.0's `FeedForward` (without the residual): LayerNorm, linear to value and gate,
    /// value × SiLU(gate), NormFormer LayerNorm, linear. x: [..., dim] -> [..., dim]
    func feedForward(_ w: PriorLayerWeights, _ x: Tensor) -> Tensor {
        let inner = config.ffInner
        let u = Ops.linear(Ops.layerNorm(x, weight: w.feedForwardNorm, bias: nil), weight: w.feedForwardIn)
        let rows = u.count / (2 * inner)
        var a = Tensor(zeros: Array(u.shape.dropLast()) + [inner])
        let src = u.pointer, dst = a.pointer
        ComputeThreads.parallelFor(rows, minChunk: 8) { r in
            let value = src + r * 2 * inner, gate = value + inner, out = dst + r * inner
            csk_gated_silu(value, gate, out, inner)
        }
        if let g = w.postActivationNorm { a = Ops.layerNorm(a, weight: g, bias: nil) }
        return Ops.linear(a, weight: w.feedForwardOut)
    }

    /// 1.1.0's `LayerNorm(stable = True)`: divide each row by its maximum (not its largest
    /// magnitude) first. x: [B, D]
    static func stableLayerNorm(_ x: Tensor, gain: Tensor) -> Tensor {
        let d = x.shape[x.rank - 1], rows = x.count / d
        let scaled = Tensor(zeros: x.shape)
        for r in 0..<rows {
            let src = x.pointer + r * d, dst = scaled.pointer + r * d
            var m = -Float.infinity
            for j in 0..<d where src[j] > m { m = src[j] }
            for j in 0..<d { dst[j] = src[j] / m }
        }
        return Ops.layerNorm(scaled, weight: gain, bias: nil)
    }
}
