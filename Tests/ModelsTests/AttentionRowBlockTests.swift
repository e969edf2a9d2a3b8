import XCTest
@testable import Models

/// `Ops.attention` over several blocks of query rows (the last one partial), with masked keys and
/// a batch whose keys are all masked, against softmax(q kᵀ s) v written out in Double: the
/// softmax's division is applied to each output row after the second product, and a row with no
/// key to attend stays zero.
final class AttentionRowBlockTests: XCTestCase {
    func testRowBlocksAndMaskedKeysMatchTheWrittenOutAttention() {
        let (b, h, lq, lk, d, dv) = (2, 1, Ops.attentionRowBlock * 2 + 37, 200, 16, 8)
        let q = uniformTensor([b, h, lq, d], seed: 1, scale: 2), k = uniformTensor([b, h, lk, d], seed: 2, scale: 2)
        let v = uniformTensor([b, h, lk, dv], seed: 3)
        // Batch 0 attends to every third key only; batch 1 to none.
        let mask = Tensor(shape: [b, lk], scalars: (0..<(b * lk)).map { $0 < lk && $0 % 3 == 0 ? 1 : 0 })
        let s: Float = 0.3
        let y = Ops.attention(query: q, key: k, value: v, scale: s, keyPaddingMask: mask)
        XCTAssertEqual(y.shape, [b, h, lq, dv])
        var worst = 0.0
        for bi in 0..<b {
            for hi in 0..<h {
                for i in 0..<lq {
                    let keys = (0..<lk).filter { mask.scalars[bi * lk + $0] != 0 }
                    let scores = keys.map { j in
                        (0..<d).reduce(0.0) { $0 + Double(q.scalars[((bi * h + hi) * lq + i) * d + $1]) * Double(k.scalars[((bi * h + hi) * lk + j) * d + $1]) } * Double(s)
                    }
                    let m = scores.max() ?? 0
                    let e = scores.map { exp($0 - m) }, total = e.reduce(0, +)
                    for c in 0..<dv {
                        let expected = keys.isEmpty ? 0 : zip(keys, e).reduce(0.0) { $0 + $1.1 * Double(v.scalars[((bi * h + hi) * lk + $1.0) * dv + c]) } / total
                        let got = Double(y.scalars[((bi * h + hi) * lq + i) * dv + c])
                        if keys.isEmpty { XCTAssertEqual(got, 0, "no key to attend: zero, not NaN") }
                        worst = max(worst, abs(got - expected))
                    }
                }
            }
        }
        XCTAssertLessThan(worst, 2e-6)
    }
}
