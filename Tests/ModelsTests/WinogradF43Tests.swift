import XCTest
@testable import Models

/// The engine's own Winograd F(4x4, 3x3) against its direct kernels (which the PyTorch
/// fixtures pin): edges where tiles stick out of the picture, paddings 0 and 1, channel counts
/// that are not multiples of the vector width, rows of fewer than eight tiles.
final class WinogradF43Tests: XCTestCase {
    private func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor { uniformTensor(shape, seed: seed, scale: scale) }

    func testMatchesTheDirectKernelOnEveryEdgeCase() {
        let cases: [(n: Int, cin: Int, cout: Int, h: Int, w: Int, pad: Int)] = [
            (2, 64, 64, 20, 32, 1), (1, 72, 80, 13, 18, 1), (2, 65, 67, 9, 11, 0), (1, 64, 64, 3, 3, 1),
            (1, 96, 64, 4, 70, 1), (2, 130, 128, 10, 37, 1), (1, 64, 96, 6, 6, 0),
        ]
        for (i, c) in cases.enumerated() {
            let layer = Convolution(conv2dWeight: random([c.cout, c.cin, 3, 3], seed: UInt64(i), scale: 0.1),
                                    bias: random([c.cout], seed: 50 + UInt64(i)), padding: Size2(c.pad, c.pad))
            let x = random([c.n, c.cin, c.h, c.w], seed: 100 + UInt64(i))
            guard let y = WinogradF43.run(x: x, weights: WinogradF43.Weights(layer.weight), bias: layer.bias, padding: Size2(c.pad, c.pad))
            else { return XCTFail("no workspace") }
            let reference = layer.reference(x)
            XCTAssertEqual(y.shape, reference.shape, "case \(c)")
            XCTAssertLessThan(maxRelativeError(y, reference), 1e-5, "case \(c)")
        }
    }

    func testChannelsLastMatchesTheNCHWRunAndTheDirectKernel() {
        // The edge cases above, channels-last, with and without bias: the same sums as the NCHW
        // run (rounded in another order, so not bit for bit) and as the direct kernel.
        let cases: [(n: Int, cin: Int, cout: Int, h: Int, w: Int, pad: Int)] = [
            (2, 64, 64, 20, 32, 1), (1, 72, 80, 13, 18, 1), (2, 65, 67, 9, 11, 0), (1, 64, 64, 3, 3, 1),
            (1, 96, 64, 4, 70, 1), (2, 130, 128, 10, 37, 1), (1, 64, 96, 6, 6, 0), (2, 67, 65, 5, 7, 1),
        ]
        for (i, c) in cases.enumerated() {
            for withBias in [true, false] {
                let layer = Convolution(conv2dWeight: random([c.cout, c.cin, 3, 3], seed: UInt64(i), scale: 0.1),
                                        bias: withBias ? random([c.cout], seed: 50 + UInt64(i)) : nil,
                                        padding: Size2(c.pad, c.pad))
                let x = random([c.n, c.cin, c.h, c.w], seed: 100 + UInt64(i))
                let weights = WinogradF43.Weights(layer.weight), padding = Size2(c.pad, c.pad)
                guard let nhwc = WinogradF43.run(channelsLast: Ops.permute(x, [0, 2, 3, 1]), weights: weights,
                                                 bias: layer.bias, padding: padding),
                      let nchw = WinogradF43.run(x: x, weights: weights, bias: layer.bias, padding: padding)
                else { return XCTFail("no workspace") }
                let y = Ops.permute(nhwc, [0, 3, 1, 2]), reference = layer.reference(x)
                XCTAssertEqual(y.shape, reference.shape, "case \(c), bias \(withBias)")
                XCTAssertLessThan(maxRelativeError(y, nchw), 1e-5, "case \(c), bias \(withBias)")
                XCTAssertLessThan(maxRelativeError(y, reference), 1e-5, "case \(c), bias \(withBias)")
            }
        }
    }

    func testWithoutBiasAndOnLargeValues() {
        // A trained network's activations reach tens; Winograd's error grows with the tile's range
        // and the channels summed (1.03e-5 measured here, against the parity limit of 1e-4).
        let layer = Convolution(conv2dWeight: random([128, 256, 3, 3], seed: 1, scale: 0.05), bias: nil, padding: 1)
        let x = random([2, 256, 16, 40], seed: 2, scale: 30)
        guard let y = WinogradF43.run(x: x, weights: WinogradF43.Weights(layer.weight), bias: nil, padding: 1) else { return XCTFail("no workspace") }
        XCTAssertLessThan(maxRelativeError(y, layer.reference(x)), 3e-5)
    }

    func testRunsWhereOneDNNHasNoWinograd() {
        let layer = Convolution(conv2dWeight: random([64, 64, 3, 3], seed: 3, scale: 0.1), bias: random([64], seed: 4),
                                padding: 1)
        let x = random([2, 64, 20, 32], seed: 5)
        XCTAssertEqual(layer.usesOwnWinograd(x.shape), DNNL.available && !Convolution.oneDNNHasWinograd)
        XCTAssertFalse(layer.usesOwnWinograd([2, 64, 10, 16]), "too few positions for Winograd")
        let small = Convolution(conv2dWeight: random([32, 32, 3, 3], seed: 6), bias: nil, padding: 1)
        XCTAssertFalse(small.usesOwnWinograd([2, 32, 40, 64]), "32 channels run faster direct")
        let y = layer(x)
        XCTAssertLessThan(maxRelativeError(y, layer.reference(x)), 1e-5)
        XCTAssertEqual(layer(x).scalars, y.scalars, "the same samples on every run")
    }

    /// Wide inputs (the way up's concatenations) run the engine's Winograd on every CPU, oneDNN's
    /// included; channels-last as the U-Net calls it, the same sums as the direct kernel.
    func testWideInputsRunTheEnginesWinogradEverywhere() {
        let cin = Convolution.ownWinogradInputChannels
        let wide = Convolution(conv2dWeight: random([64, cin, 3, 3], seed: 7, scale: 0.05), bias: random([64], seed: 8),
                               padding: 1)
        let x = random([2, cin, 20, 24], seed: 9)
        XCTAssertEqual(wide.usesOwnWinograd(x.shape), DNNL.available)
        let narrower = Convolution(conv2dWeight: random([64, cin - 16, 3, 3], seed: 10), bias: nil, padding: 1)
        XCTAssertEqual(narrower.usesOwnWinograd([2, cin - 16, 20, 24]), DNNL.available && !Convolution.oneDNNHasWinograd)
        let y = Ops.permute(wide(channelsLast: Ops.permute(x, [0, 2, 3, 1])), [0, 3, 1, 2])
        // 384 channels of 9 taps summed in Winograd's domain: 1.1e-5 measured, as on large values above.
        XCTAssertLessThan(maxRelativeError(y, wide.reference(x)), 3e-5)
        XCTAssertFalse(wide.runsOnBlocks(channelsLast: [2, cin, 20, 24]) && DNNL.available,
                       "the engine's Winograd reads channels-last, not oneDNN's blocks")
    }
}
