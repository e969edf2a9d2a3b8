import CKernels
import XCTest
@testable import Models

/// `Ops.attention` on heads side by side in token rows (`TokenHeads`), against softmax(q kᵀ s) v
/// written out in Double: several blocks of queries (the last one partial), key counts that are
/// not whole tiles, heads at an offset in wider rows (a fused qkv projection), value widths of
/// one to five vectors, and the masked and causal cases that go through the permutes.
final class TokenAttentionTests: XCTestCase {
    /// Query i of head h of sample b, as the rows hold it.
    private func head(_ t: TokenHeads, _ b: Int, _ i: Int, _ h: Int) -> [Double] {
        let row = (b * t.length + i) * t.width + t.first + h * t.size
        return (0..<t.size).map { Double(t.rows.scalars[row + $0]) }
    }

    private func expected(_ q: TokenHeads, _ k: TokenHeads, _ v: TokenHeads, heads: Int, scale: Double,
                          visible: (Int, Int, Int) -> Bool = { _, _, _ in true }) -> [Double] {
        let n = q.batch, lq = q.length, lk = k.length, dv = v.size
        var out = [Double](repeating: 0, count: n * lq * heads * dv)
        for b in 0..<n {
            for h in 0..<heads {
                let keys = (0..<lk).map { head(k, b, $0, h) }, values = (0..<lk).map { head(v, b, $0, h) }
                for i in 0..<lq {
                    let qi = head(q, b, i, h)
                    let seen = (0..<lk).filter { visible(b, i, $0) }
                    let scores = seen.map { j in zip(qi, keys[j]).reduce(0.0) { $0 + $1.0 * $1.1 } * scale }
                    let m = scores.max() ?? 0
                    let e = scores.map { Foundation.exp($0 - m) }, total = e.reduce(0, +)
                    for c in 0..<dv {
                        let sum = zip(seen, e).reduce(0.0) { $0 + $1.1 * values[$1.0][c] }
                        out[((b * lq + i) * heads + h) * dv + c] = seen.isEmpty ? 0 : sum / total
                    }
                }
            }
        }
        return out
    }

    private func worst(_ y: Tensor, _ expected: [Double]) -> Double {
        zip(y.scalars, expected).reduce(0.0) { max($0, abs(Double($1.0) - $1.1)) }
    }

    func testHeadsInFusedRowsMatchTheWrittenOutAttention() {
        let rows = Int(csk_attention_block_rows())
        // (batch, heads, queries, keys, d, dv): the U-Net's self-attention in miniature, CLIP's
        // 257 tokens, a value width past one tile of four vectors, one query, one key.
        for (n, heads, lq, lk, d, dv) in [(2, 3, rows * 2 + 5, rows * 2 + 5, 16, 16), (1, 2, 257, 257, 24, 32),
                                          (1, 2, 70, 13, 8, 80), (2, 1, 1, 1, 4, 16), (1, 1, rows, 7, 64, 64)] {
            // q, k and v of a token side by side in one row, then a spare column.
            let width = heads * (2 * d + dv) + 1
            let packed = uniformTensor([n, lq, width], seed: UInt64(lq + lk), scale: 2)
            let q = TokenHeads(packed, first: 0, size: d)
            let keyRows = lq == lk ? packed : uniformTensor([n, lk, width], seed: 9, scale: 2)
            let k = TokenHeads(keyRows, first: heads * d, size: d), v = TokenHeads(keyRows, first: 2 * heads * d, size: dv)
            let s: Float = 0.7
            let y = Ops.attention(query: q, key: k, value: v, heads: heads, scale: s)
            XCTAssertEqual(y.shape, [n, lq, heads * dv])
            let error = worst(y, expected(q, k, v, heads: heads, scale: Double(s)))
            // Scores reach ~100 here (d 64, values to ±2, scale 0.7): float32's rounding of them
            // moves the weights by a few 1e-6; a wrong key, tile or offset moves outputs by 0.1.
            XCTAssertLessThan(error, 1e-5, "\(n)x\(heads) heads, \(lq)x\(lk), d \(d), dv \(dv)")
        }
    }

    func testCausalAndMaskedAttentionGoThroughThePermutesAndStillMatch() {
        let (n, heads, l, d) = (2, 2, 9, 8)
        let x = uniformTensor([n, l, 3 * heads * d], seed: 4, scale: 2)
        let q = TokenHeads(x, size: d), k = TokenHeads(x, first: heads * d, size: d), v = TokenHeads(x, first: 2 * heads * d, size: d)
        let causal = Ops.attention(query: q, key: k, value: v, heads: heads, causal: true)
        XCTAssertLessThan(worst(causal, expected(q, k, v, heads: heads, scale: 1 / Double(d).squareRoot()) { _, i, j in j <= i }), 2e-6)
        let mask = Tensor(shape: [n, l], scalars: (0..<(n * l)).map { $0 % l < 5 ? 1 : 0 })
        let masked = Ops.attention(query: q, key: k, value: v, heads: heads, keyPaddingMask: mask)
        XCTAssertLessThan(worst(masked, expected(q, k, v, heads: heads, scale: 1 / Double(d).squareRoot()) { _, _, j in j < 5 }), 2e-6)
    }

    func testTheKernelRefusesWhatItCannotDo() throws {
        try XCTSkipUnless(csk_attention_block_available(16) != 0, "no AVX-512: the permutes' path runs, as the other tests show")
        XCTAssertEqual(csk_attention_block_available(24), 0, "a value width that is not whole vectors")
        var scratch = [Float](repeating: 0, count: Int(csk_attention_block_scratch(4, 4)))
        let x = [Float](repeating: 1, count: 64 * 4 + 4)
        var out = [Float](repeating: 7, count: 65 * 16)
        XCTAssertEqual(csk_attention_block(x, 4, csk_attention_block_rows() + 1, x, x, 4, 4, 16, 1, &scratch, &out, 16), -1)
        XCTAssertTrue(out.allSatisfy { $0 == 7 }, "nothing written")
    }
}
