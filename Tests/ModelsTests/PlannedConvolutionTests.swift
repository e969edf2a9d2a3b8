import XCTest
@testable import Models
import CDNNL

/// The oneDNN plans against the engine's own kernels (which the PyTorch fixtures pin) on the
/// shapes the networks run, including the Winograd layers the small fixtures do not reach.
final class PlannedConvolutionTests: XCTestCase {
    private func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor { uniformTensor(shape, seed: seed, scale: scale) }

    /// Runs `layer` on x through oneDNN and through the reference kernels and compares.
    private func assertMatchesReference(_ layer: Convolution, _ x: Tensor, tolerance: Float = 1e-4,
                                        file: StaticString = #filePath, line: UInt = #line) {
        let planned = layer(x)
        let narrow = NarrowConvolution1D.applies(weight: layer.weight, geometry: layer.geometry, input: x.shape)
        XCTAssertTrue(narrow || layer.implementations[x.shape] != nil, "no oneDNN plan for \(x.shape)", file: file, line: line)
        let reference = layer.reference(x)
        XCTAssertEqual(planned.shape, reference.shape, file: file, line: line)
        let err = maxRelativeError(planned, reference)
        XCTAssertLessThan(err, tolerance, "\(layer.implementations[x.shape] ?? "?"): relative error \(err)",
                          file: file, line: line)
    }

    func testUNetShapesMatchTheReferenceKernels() {
        // 3x3 "same" convolutions at the widths of the mini and full U-Nets (Winograd from 32 channels).
        for (i, (cin, cout, h, w)) in [(1, 16, 20, 33), (16, 16, 20, 32), (32, 32, 10, 16), (64, 48, 10, 16),
                                       (128, 128, 10, 24)].enumerated() {
            let layer = Convolution(conv2dWeight: random([cout, cin, 3, 3], seed: UInt64(i), scale: 0.1),
                                    bias: random([cout], seed: 100 + UInt64(i)), padding: 1)
            for n in [1, 2] { assertMatchesReference(layer, random([n, cin, h, w], seed: 200 + UInt64(i))) }
        }
        // The downsampling convolution (stride 2) and a 1x1 skip.
        let down = Convolution(conv2dWeight: random([32, 32, 3, 3], seed: 7, scale: 0.1), bias: random([32], seed: 8),
                               stride: 2, padding: 1)
        assertMatchesReference(down, random([2, 32, 20, 32], seed: 9))
        let skip = Convolution(conv2dWeight: random([24, 40, 1, 1], seed: 10, scale: 0.1), bias: random([24], seed: 11))
        assertMatchesReference(skip, random([2, 40, 10, 16], seed: 12))
    }

    /// The engine's own transform into oneDNN's 4x3 Winograd weight layout gives every value
    /// oneDNN's reorder gives, padding included, on channel counts on and off its blocks.
    func testOwnWinogradWeightsAreOneDNNsReorder() throws {
        var compared = 0
        for (i, (cin, cout)) in [(32, 32), (48, 32), (64, 48), (40, 24), (96, 128), (256, 384), (1024, 512)].enumerated() {
            let weight = random([cout, cin, 3, 3], seed: 300 + UInt64(i), scale: 0.2)
            for channelsLast in [false, true] {
                guard let plan = ConvolutionPlan(
                    geometry: ConvolutionGeometry(kind: .forward, stride: [1, 1], padding: [1, 1], outputPadding: [0, 0],
                                                  dilation: [1, 1], groups: 1),
                    input: [2, cin, 40, 64], weightShape: [cout, cin, 3, 3], bias: nil, winograd: true,
                    channelsLast: channelsLast),
                    plan.implementation.contains("wino_4x3") else { continue }
                let own = try XCTUnwrap(plan.winogradWeights(weight), "\(cin)->\(cout): no own transform for \(plan.implementation)")
                let theirs = try XCTUnwrap(plan.reorderedWeights(weight, ownWinogradTransform: false))
                XCTAssertEqual(own.byteCount, theirs.byteCount)
                var a: UnsafeMutableRawPointer?, b: UnsafeMutableRawPointer?
                dnnl_memory_get_data_handle(own.handle, &a)
                dnnl_memory_get_data_handle(theirs.handle, &b)
                let x = try XCTUnwrap(a).assumingMemoryBound(to: Float.self)
                let y = try XCTUnwrap(b).assumingMemoryBound(to: Float.self)
                var worst: Float = 0, largest: Float = 0
                for k in 0..<(own.byteCount / 4) {
                    worst = max(worst, abs(x[k] - y[k]))
                    largest = max(largest, abs(y[k]))
                }
                XCTAssertLessThanOrEqual(worst, 1e-6 * largest, "\(cin)->\(cout) channelsLast \(channelsLast)")
                compared += 1
                print("wino weights \(cin)->\(cout) \(plan.implementation): worst \(worst) of \(largest)")
            }
        }
        if compared == 0 { throw XCTSkip("oneDNN picks no 4x3 Winograd kernel on this CPU (it needs AVX-512)") }
    }

    func testChannelsLastMatchesTheReferenceKernels() {
        // The U-Net's layers on channels-last activations: direct kernels that read NHWC, Winograd
        // behind its reorders (or the engine's own), the stride-2 downsampling and a 1x1 skip, with
        // channel counts on and off the 16-lane vector.
        let layers: [(cin: Int, cout: Int, k: Int, stride: Int, h: Int, w: Int)] = [
            (1, 16, 3, 1, 20, 33), (16, 16, 3, 1, 20, 32), (48, 32, 3, 1, 10, 16), (64, 64, 3, 1, 20, 32),
            (72, 80, 3, 1, 13, 18), (32, 32, 3, 2, 20, 32), (40, 24, 1, 1, 10, 16), (128, 1, 3, 1, 8, 24),
        ]
        for (i, l) in layers.enumerated() {
            let layer = Convolution(conv2dWeight: random([l.cout, l.cin, l.k, l.k], seed: UInt64(60 + i), scale: 0.1),
                                    bias: random([l.cout], seed: UInt64(80 + i)), stride: Size2(l.stride, l.stride),
                                    padding: Size2(l.k / 2, l.k / 2))
            let x = random([2, l.cin, l.h, l.w], seed: UInt64(90 + i))
            let y = layer(channelsLast: Ops.permute(x, [0, 2, 3, 1]))
            let reference = layer.reference(x)
            XCTAssertEqual(y.shape, [reference.shape[0], reference.shape[2], reference.shape[3], reference.shape[1]], "\(l)")
            let err = maxRelativeError(Ops.permute(y, [0, 3, 1, 2]), reference)
            XCTAssertLessThan(err, 1e-4, "\(l): relative error \(err)")
            let logical = x.shape
            if DNNL.available && !layer.usesOwnWinograd(logical) {
                XCTAssertNotNil(layer.implementation(for: logical, precision: .float32, channelsLast: true), "\(l) planned")
            }
        }
    }

    func testBigVGANShapesMatchTheReferenceKernels() {
        for d in [1, 3, 5] {
            let layer = Convolution(conv1dWeight: random([32, 32, 3], seed: UInt64(d), scale: 0.1),
                                    bias: random([32], seed: 20), padding: d, dilation: d)
            assertMatchesReference(layer, random([1, 32, 301], seed: 21))
        }
        let post = Convolution(conv1dWeight: random([1, 16, 7], seed: 22, scale: 0.1), bias: nil, padding: 3)
        assertMatchesReference(post, random([1, 16, 257], seed: 23))
        // Upsampler: ConvTranspose1d(k = 2u, stride u, padding u/2).
        for (u, k) in [(4, 8), (2, 4), (8, 16)] {
            let up = Convolution(convTranspose1dWeight: random([48, 24, k], seed: UInt64(30 + u), scale: 0.1),
                                 bias: random([24], seed: 40), stride: u, padding: (k - u) / 2)
            assertMatchesReference(up, random([1, 48, 37], seed: 41))
        }
    }

    /// The direct kernel for narrow 1-D layers against the im2col reference: channel counts off its
    /// 4-channel groups, every tap count and dilation BigVGAN uses, lengths shorter than one
    /// 64-sample tile and longer than a thread's span, batches, with and without bias.
    func testNarrowOneDimensionalKernelMatchesTheReference() {
        var seed: UInt64 = 500
        for (cin, cout) in [(1, 1), (24, 24), (5, 3), (48, 48), (24, 1), (96, 96), (192, 192), (7, 130)] {
            for (k, d) in [(1, 1), (3, 1), (3, 5), (7, 3), (11, 5), (12, 1)] where (k - 1) * d % 2 == 0 {
                seed += 1
                let bias = seed % 2 == 0 ? random([cout], seed: seed + 1) : nil
                let layer = Convolution(conv1dWeight: random([cout, cin, k], seed: seed, scale: 0.2), bias: bias,
                                        padding: (k - 1) * d / 2, dilation: d)
                for (n, length) in [(1, 1), (2, 63), (1, 65), (2, 300), (1, 5000)] where length < 5000 || cin * cout <= 576 {
                    let x = random([n, cin, length], seed: seed + 2)
                    XCTAssertTrue(NarrowConvolution1D.applies(weight: layer.weight, geometry: layer.geometry, input: x.shape))
                    let y = layer(x), reference = layer.reference(x)
                    XCTAssertEqual(y.shape, reference.shape)
                    let err = maxRelativeError(y, reference)
                    XCTAssertLessThan(err, 1e-5, "\(cin)->\(cout) k \(k) d \(d) n \(n) length \(length)")
                }
            }
        }
        // Not for it: more channels than it serves, a stride, a length that is not kept.
        let wide = Convolution(conv1dWeight: random([384, 384, 3], seed: 1), bias: nil, padding: 1)
        XCTAssertFalse(NarrowConvolution1D.applies(weight: wide.weight, geometry: wide.geometry, input: [1, 384, 100]))
        let strided = Convolution(conv1dWeight: random([8, 8, 3], seed: 1), bias: nil, stride: 2, padding: 1)
        XCTAssertFalse(NarrowConvolution1D.applies(weight: strided.weight, geometry: strided.geometry, input: [1, 8, 100]))
        let valid = Convolution(conv1dWeight: random([8, 8, 3], seed: 1), bias: nil)
        XCTAssertFalse(NarrowConvolution1D.applies(weight: valid.weight, geometry: valid.geometry, input: [1, 8, 100]))
    }

    func testPlansAreMadeOncePerShapeAndShareWeights() {
        let layer = Convolution(conv2dWeight: random([16, 8, 3, 3], seed: 1), bias: random([16], seed: 2), padding: 1)
        let x1 = random([2, 8, 12, 20], seed: 3), x2 = random([2, 8, 12, 24], seed: 4)
        let a = layer(x1)
        XCTAssertEqual(layer.implementations.count, 1)
        let b = layer(x1)
        XCTAssertEqual(a.scalars, b.scalars, "a plan run twice gives the same samples")
        _ = layer(x2)
        XCTAssertEqual(Set(layer.implementations.keys), [x1.shape, x2.shape])
    }

    func testReferenceSwitchGivesTheSameResult() {
        let layer = Convolution(conv2dWeight: random([32, 32, 3, 3], seed: 5, scale: 0.1), bias: nil, padding: 1)
        let x = random([1, 32, 16, 16], seed: 6)
        let planned = layer(x)
        Ops.allowOneDNN = false
        defer { Ops.allowOneDNN = true }
        let reference = layer(x)
        XCTAssertLessThan(maxRelativeError(planned, reference), 1e-4)
    }
}
