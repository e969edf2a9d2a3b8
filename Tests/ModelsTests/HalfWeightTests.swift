import CKernels
import XCTest
@testable import Models

/// Half-float weights (half.c): the roundings against Swift's `Float16`, the linear kernel on
/// every instruction set this CPU has against float32 GEMM on the same rounded weights.
final class HalfWeightTests: XCTestCase {
    /// Every half converts to the float Swift's `Float16` gives, on each path.
    func testEveryHalfWidensExactly() {
        let all = (0...UInt16.max).map { $0 }
        var widened = [Float](repeating: 0, count: all.count)
        csk_half_to_float(all, &widened, all.count)
        for (bits, value) in zip(all, widened) {
            let expected = Float(Float16(bitPattern: bits))
            if expected.isNaN { XCTAssertTrue(value.isNaN, "half \(bits)"); continue }
            XCTAssertEqual(value.bitPattern, expected.bitPattern, "half \(String(bits, radix: 16))")
        }
    }

    /// Rounding to halves matches `Float16(x)` (nearest, ties to even) on normals, subnormals,
    /// ties, overflow and the specials, for the vector path and the plain one.
    func testRoundingMatchesFloat16() {
        var values: [Float] = [0, -0, 1, -1, 65504, 65519.99, 65520, -65520, 1e9, .infinity, -.infinity,
                               Float(bitPattern: 0x3300_0000), Float(bitPattern: 0x3300_0001), 5.96e-8, 2.98e-8,
                               6.1e-5, 6.09e-5, Float.leastNonzeroMagnitude, 1 + 1.0 / 2048, 1 + 3.0 / 2048, 0.1, 1e-7]
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200_000 {
            // Bit patterns spread over every exponent a half can reach, and some beyond.
            let exponent = UInt32(97 + rng.nextBits() % 50) << 23, mantissa = UInt32(rng.nextBits() & 0x7f_ffff)
            values.append(Float(bitPattern: exponent | mantissa | (rng.nextBits() & 1 == 0 ? 0 : 0x8000_0000)))
        }
        var fast = [UInt16](repeating: 0, count: values.count), plain = fast
        csk_float_to_half(values, &fast, values.count)
        csk_float_to_half_plain(values, &plain, values.count)
        for i in values.indices {
            let expected = Float16(values[i]).bitPattern
            XCTAssertEqual(fast[i], expected, "\(values[i]) (vector path)")
            XCTAssertEqual(plain[i], expected, "\(values[i]) (plain C)")
            if fast[i] != expected || plain[i] != expected { return }
        }
        var nan: UInt16 = 0
        csk_float_to_half_plain([Float.nan], &nan, 1)
        XCTAssertTrue(Float16(bitPattern: nan).isNaN)
    }

    /// The kernel on each instruction set equals float32 GEMM on the widened weights, for row
    /// counts around its groups of 6, output widths around its panels of 16, and the panels split
    /// between two calls.
    func testKernelMatchesGEMMOnTheRoundedWeights() {
        var rng = SplitMix64(seed: 3)
        var ran: Set<Int32> = []
        for (rows, k, out) in [(1, 16, 9), (3, 37, 17), (4, 768, 33), (6, 768, 64), (7, 100, 5), (13, 48, 31), (12, 1, 16)] {
            let x = Tensor(shape: [rows, k], scalars: (0..<(rows * k)).map { _ in rng.nextFloat() * 2 - 1 })
            let w = HalfMatrix(Tensor(shape: [out, k], scalars: (0..<(out * k)).map { _ in (rng.nextFloat() * 2 - 1) * 0.05 }))
            let expected = Ops.linear(x, weight: w.widened(), bias: nil)
            for isa in [Int32(CSK_ISA_PLAIN), Int32(CSK_ISA_AVX2), Int32(CSK_ISA_AVX512)] {
                var y = [Float](repeating: .nan, count: rows * out)
                // Two ranges of panels, as two threads would have them.
                let panels = w.panelCount, split = panels / 2
                guard csk_linear_half_isa(isa, x.pointer, rows, k, w.panels, out, 0, split, &y, out) == 0 else { continue }
                XCTAssertEqual(csk_linear_half_isa(isa, x.pointer, rows, k, w.panels, out, split, panels, &y, out), 0)
                ran.insert(isa)
                assertClose(Tensor(shape: [rows, out], scalars: y), expected, tolerance: 1e-5,
                            "isa \(isa), \(rows)x\(k) -> \(out)")
            }
        }
        XCTAssertTrue(ran.contains(Int32(CSK_ISA_PLAIN)))
        XCTAssertTrue(ran.contains(Int32(csk_half_isa())), "the instruction set the engine uses was tested")
    }

    /// `Ops.linear` with a half weight, for a few rows and for many (a prompt's), equals the
    /// float32 layer on the rounded weights.
    func testLinearWithHalfWeights() {
        var rng = SplitMix64(seed: 5)
        let w = Tensor(shape: [96, 64], scalars: (0..<(96 * 64)).map { _ in rng.nextFloat() - 0.5 })
        let half = LinearWeight.float32(w).halved()
        guard case .float16(let matrix) = half else { return XCTFail("not halved") }
        XCTAssertEqual(half.shape, [96, 64])
        XCTAssertEqual(half.byteCount, 96 * 64 * 2)
        XCTAssertEqual(LinearWeight.float32(Tensor(zeros: [17, 8])).halved().byteCount, 32 * 8 * 2, "padded to whole panels")
        XCTAssertGreaterThan(maxRelativeError(matrix.widened(), w), 0, "rounding changed something")
        XCTAssertLessThanOrEqual(maxRelativeError(matrix.widened(), w), 1.0 / 2048)
        for rows in [2, 6, 81] {
            let x = Tensor(shape: [1, rows, 64], scalars: (0..<(rows * 64)).map { _ in rng.nextFloat() - 0.5 })
            let y = Ops.linear(x, weight: half)
            XCTAssertEqual(y.shape, [1, rows, 96])
            assertClose(y, Ops.linear(x, weight: matrix.widened(), bias: nil), tolerance: 1e-5, "\(rows) rows")
        }
    }

    /// A weight beyond what a half holds is refused by name, not turned into infinity.
    func testAWeightTooLargeForAHalfIsRefused() throws {
        let net = try PriorFixtures.network("tiny")
        var huge = net.weights.layers[0].toQ
        if case .float32(let t) = huge {
            let copy = t.copy()
            copy.pointer[0] = 1e6
            huge = .float32(copy)
        }
        let weights = net.weights.withMatrices { $0.byteCount == huge.byteCount ? huge : $0 }
        XCTAssertThrowsError(try weights.at(width: .float16)) { error in
            XCTAssertTrue("\(error)".contains("65504"), "\(error)")
        }
    }
}
