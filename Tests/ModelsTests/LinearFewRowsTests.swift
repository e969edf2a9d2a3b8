import CKernels
import XCTest
@testable import Models

/// A linear layer on a few rows (linear_rows.c), which reads the weights in place instead of
/// through sgemm: on every instruction set this CPU has, against sums in Double.
final class LinearFewRowsTests: XCTestCase {
    private func reference(_ x: [Float], rows: Int, k: Int, _ w: [Float], out: Int, bias: [Float]?) -> [Float] {
        var y = [Float](repeating: 0, count: rows * out)
        for r in 0..<rows {
            for j in 0..<out {
                var s = Double(bias?[j] ?? 0)
                for i in 0..<k { s += Double(x[r * k + i]) * Double(w[j * k + i]) }
                y[r * out + j] = Float(s)
            }
        }
        return y
    }

    /// Row counts around the groups of 6, widths around the column groups (4 on AVX-512, 2 on
    /// AVX2) and lengths around a vector (16, 8) with their masked tails; the columns split into
    /// two ranges at a point inside a group, as two threads may have them, with and without a
    /// bias. Columns outside a call's range are never written.
    func testKernelMatchesDoubleSumsOnEveryInstructionSet() {
        var rng = SplitMix64(seed: 11)
        var ran: Set<Int32> = []
        let shapes = [(1, 1, 1), (1, 16, 4), (2, 7, 5), (3, 17, 9), (5, 8, 3), (6, 15, 8), (7, 33, 13),
                      (12, 100, 6), (13, 768, 21), (16, 31, 2)]
        for (rows, k, out) in shapes {
            let x = (0..<(rows * k)).map { _ in rng.nextFloat() * 2 - 1 }
            let w = (0..<(out * k)).map { _ in (rng.nextFloat() * 2 - 1) * 0.1 }
            let b = (0..<out).map { _ in rng.nextFloat() - 0.5 }
            for bias in [nil, b] {
                let expected = reference(x, rows: rows, k: k, w, out: out, bias: bias)
                for isa in [Int32(CSK_ISA_PLAIN), Int32(CSK_ISA_AVX2), Int32(CSK_ISA_AVX512)] {
                    let split = out / 2 + (out > 2 ? 1 : 0)
                    // The first range alone leaves the rest untouched.
                    var y = [Float](repeating: .nan, count: rows * out)
                    guard csk_linear_rows_isa(isa, x, rows, k, w, 0, split, bias, &y, out) == 0 else { continue }
                    for r in 0..<rows {
                        for j in split..<out where !y[r * out + j].isNaN {
                            XCTFail("isa \(isa), \(rows)x\(k) -> \(out): column \(j) written outside 0..<\(split)")
                        }
                    }
                    XCTAssertEqual(csk_linear_rows_isa(isa, x, rows, k, w, split, out, bias, &y, out), 0)
                    ran.insert(isa)
                    for i in y.indices where !(abs(y[i] - expected[i]) <= 1e-5 * max(1, abs(expected[i]))) {
                        XCTFail("isa \(isa), \(rows)x\(k) -> \(out), bias \(bias != nil): \(y[i]) vs \(expected[i]) at \(i)")
                        break
                    }
                }
            }
        }
        XCTAssertTrue(ran.contains(Int32(CSK_ISA_PLAIN)))
        XCTAssertTrue(ran.contains(Int32(csk_half_isa())), "the instruction set the engine uses was tested")
    }

    /// Between `fewRows` and `splitColumnsBelow` rows the threads split the output columns (whole
    /// multiples of 16, the last thread taking the rest): a width that does not divide evenly, with
    /// a bias, against Double sums.
    func testColumnsSplitBetweenThreadsMatchDoubleSums() {
        var rng = SplitMix64(seed: 13)
        let rows = 40, k = 50, out = 16 * 64 * ComputeThreads.count / 16 + 37
        let x = (0..<(rows * k)).map { _ in rng.nextFloat() * 2 - 1 }
        let w = (0..<(out * k)).map { _ in (rng.nextFloat() * 2 - 1) * 0.1 }
        let b = (0..<out).map { _ in rng.nextFloat() - 0.5 }
        let expected = reference(x, rows: rows, k: k, w, out: out, bias: b)
        let y = Ops.linear(Tensor(shape: [rows, k], scalars: x), weight: Tensor(shape: [out, k], scalars: w),
                           bias: Tensor(shape: [out], scalars: b))
        XCTAssertGreaterThan(rows, Ops.fewRows)
        XCTAssertLessThan(rows, Ops.splitColumnsBelow)
        for i in 0..<(rows * out) where !(abs(y.pointer[i] - expected[i]) <= 1e-5 * max(1, abs(expected[i]))) {
            XCTFail("\(y.pointer[i]) vs \(expected[i]) at row \(i / out), column \(i % out)")
            break
        }
    }

    /// `Ops.linear` takes the kernel up to `fewRows` rows and sgemm beyond: both give the same
    /// layer, and a row's result does not depend on how many rows come with it.
    func testLinearOnFewRowsEqualsManyRowsAndIgnoresTheBatch() {
        var rng = SplitMix64(seed: 12)
        let k = 96, out = 70, many = Ops.fewRows + 1
        let x = Tensor(shape: [many, k], scalars: (0..<(many * k)).map { _ in rng.nextFloat() * 2 - 1 })
        let w = Tensor(shape: [out, k], scalars: (0..<(out * k)).map { _ in (rng.nextFloat() * 2 - 1) * 0.1 })
        let bias = Tensor(shape: [out], scalars: (0..<out).map { _ in rng.nextFloat() })
        let all = Ops.linear(x, weight: w, bias: bias)                         // sgemm
        let few = Ops.linear(Ops.slice(x, axis: 0, range: 0..<Ops.fewRows), weight: w, bias: bias)
        assertClose(few, Ops.slice(all, axis: 0, range: 0..<Ops.fewRows), tolerance: 1e-5, "few rows against sgemm")
        let one = Ops.linear(Ops.slice(x, axis: 0, range: 2..<3), weight: w, bias: bias)
        for j in 0..<out {
            XCTAssertEqual(one.pointer[j].bitPattern, few.pointer[2 * out + j].bitPattern, "row 2, column \(j)")
        }
    }
}
