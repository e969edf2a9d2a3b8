import XCTest
@testable import Models

/// The U-Net's channels-last ops against the NCHW ops the PyTorch fixtures pin, and the working
/// memory the engine hands back between takes.
final class ChannelsLastOpsTests: XCTestCase {
    private func nhwc(_ x: Tensor) -> Tensor { Ops.permute(x, [0, 2, 3, 1]) }
    private func nchw(_ x: Tensor) -> Tensor { Ops.permute(x, [0, 3, 1, 2]) }
    /// NCHW -> oneDNN's 16-channel blocks [N, C/16, H, W, 16], and back.
    private func blocks(_ x: Tensor) -> Tensor {
        Ops.permute(x.reshaped([x.dim(0), x.dim(1) / 16, 16, x.dim(2), x.dim(3)]), [0, 1, 3, 4, 2])
    }
    private func unblocked(_ x: Tensor) -> Tensor {
        Ops.permute(x, [0, 1, 4, 2, 3]).reshaped([x.dim(0), x.dim(1) * 16, x.dim(2), x.dim(3)])
    }

    func testConcatOfTheChannelsMatchesConcatOfTheNCHWOnes() {
        for (ca, cb) in [(16, 32), (3, 5), (128, 128)] {
            let a = uniformTensor([2, ca, 7, 9], seed: 1), b = uniformTensor([2, cb, 7, 9], seed: 2)
            let y = Ops.concat([nhwc(a), nhwc(b)], axis: 3)
            XCTAssertEqual(nchw(y).scalars, Ops.concat([a, b], axis: 1).scalars, "\(ca)+\(cb)")
        }
        // Rows long enough to be copied one (outer index, input) at a time, and short ones in runs.
        for shape in [[2, 3, 90, 100], [2, 3, 4, 5]] {
            let a = uniformTensor(shape, seed: 3), b = uniformTensor([shape[0], 2] + shape.dropFirst(2), seed: 4)
            let y = Ops.concat([a, b], axis: 1)
            XCTAssertEqual(Ops.slice(y, axis: 1, range: 0..<3).scalars, a.scalars, "\(shape)")
            XCTAssertEqual(Ops.slice(y, axis: 1, range: 3..<5).scalars, b.scalars, "\(shape)")
        }
    }

    func testUpsampleMatchesTheNCHWOne() {
        for (c, scale) in [(16, 2), (5, 3), (1, 1)] {
            let x = uniformTensor([2, c, 5, 7], seed: UInt64(c))
            let y = Ops.upsampleNearest(channelsLast: nhwc(x), scale: scale)
            XCTAssertEqual(nchw(y).scalars, Ops.upsampleNearest(x, scale: scale).scalars, "c \(c) x\(scale)")
        }
    }

    func testGroupNormMatchesTheNCHWStatistics() throws {
        // Channel counts on and off the 16-lane chunks, with and without FiLM and SiLU, an offset
        // that a one-pass variance in float would lose precision on, and channels of one group
        // centred far apart (what the moments' combination across channels must get right).
        for (c, groups) in [(32, 8), (48, 16), (24, 4), (130, 2)] {
            let x = uniformTensor([2, c, 6, 11], seed: UInt64(c), scale: 3)
            let shifted = Tensor(shape: x.shape, scalars: x.scalars.map { $0 + 40 })
            let norm = try UNetNorm(RandomUNetWeights(seed: 3).scoped("n"), "norm", channels: c)
            let film = uniformTensor([2, 2 * c], seed: 9, scale: 0.5)
            for (input, f, silu) in [(x, nil as Tensor?, true), (shifted, film, true), (x, film, false),
                                     (apart(x), nil, true)] {
                let y = nchw(UNetGroupNorm.apply(nhwc(input), groups: groups, norm: norm, eps: 1e-5, film: f, silu: silu))
                let reference = referenceGroupNorm(input, groups: groups, norm: norm, film: f, silu: silu)
                XCTAssertLessThan(maxRelativeError(y, reference), 1e-5, "c \(c) groups \(groups) film \(f != nil) silu \(silu)")
            }
        }
    }

    /// The same norms on 16-channel blocks, and from channels-last into blocks, including groups
    /// that span two blocks (64 channels in 2 groups) and groups within one block.
    func testGroupNormOnSixteenChannelBlocksMatchesTheNCHWStatistics() throws {
        for (c, groups) in [(32, 8), (48, 16), (64, 2), (128, 32)] {
            let x = uniformTensor([2, c, 6, 11], seed: UInt64(c) + 1, scale: 3)
            let shifted = Tensor(shape: x.shape, scalars: x.scalars.map { $0 + 40 })
            let norm = try UNetNorm(RandomUNetWeights(seed: 4).scoped("n"), "norm", channels: c)
            let film = uniformTensor([2, 2 * c], seed: 10, scale: 0.5)
            for (input, f, silu) in [(x, nil as Tensor?, true), (shifted, film, true), (x, film, false),
                                     (apart(x), film, false)] {
                let reference = referenceGroupNorm(input, groups: groups, norm: norm, film: f, silu: silu)
                let onBlocks = UNetGroupNorm.apply(blocks(input), groups: groups, norm: norm, eps: 1e-5, film: f, silu: silu)
                XCTAssertEqual(onBlocks.shape, [2, c / 16, 6, 11, 16])
                XCTAssertLessThan(maxRelativeError(unblocked(onBlocks), reference), 1e-5, "blocks: c \(c) groups \(groups)")
                let intoBlocks = UNetGroupNorm.apply(nhwc(input), groups: groups, norm: norm, eps: 1e-5, film: f, silu: silu,
                                                     toBlocks: true)
                XCTAssertEqual(intoBlocks.shape, [2, c / 16, 6, 11, 16])
                XCTAssertLessThan(maxRelativeError(unblocked(intoBlocks), reference), 1e-5, "into blocks: c \(c) groups \(groups)")
            }
        }
    }

    /// A residual block whose 3x3 convolutions run oneDNN's Winograd keeps the activations between
    /// its norms in 16-channel blocks; its output is the one of the same block run op by op on
    /// channels-last tensors.
    func testResidualBlockOnSixteenChannelBlocksMatchesTheChannelsLastOps() throws {
        var config = UNetConfiguration.full
        config.normGroups = 8
        // The last: a wide input, whose conv1 runs the engine's Winograd channels-last and whose
        // second norm moves conv1's output into blocks for conv2.
        for (cin, cout) in [(32, 64), (64, 64), (Convolution.ownWinogradInputChannels, 64)] {
            let block = try UNetResBlock(RandomUNetWeights(seed: UInt64(cin)).scoped("b"), in: cin, out: cout, config: config)
            let x = nhwc(uniformTensor([2, cin, 40, 64], seed: 11, scale: 2))
            let emb = uniformTensor([2, config.embedDim], seed: 12, scale: 1)
            guard block.conv2.runsOnBlocks([2, 40, 64, cout]) else {
                throw XCTSkip("oneDNN runs no Winograd on 16-channel blocks on this CPU (it needs AVX-512)")
            }
            XCTAssertEqual(block.conv1.runsOnBlocks(x.shape), cin < Convolution.ownWinogradInputChannels)
            // Op by op, channels-last throughout.
            let residual = block.skip.map { $0(x) } ?? x
            var h = block.conv1(UNetGroupNorm.apply(x, groups: 8, norm: block.norm1, eps: block.eps))
            h = block.conv2(UNetGroupNorm.apply(h, groups: 8, norm: block.norm2, eps: block.eps, film: block.embProj(emb)))
            Ops.addInPlace(h, residual)
            let y = block(x, embSiLU: emb)
            XCTAssertEqual(y.shape, h.shape)
            XCTAssertLessThan(maxRelativeError(y, h), 1e-5, "\(cin)->\(cout)")
            // A consumed input (the way up's concatenation): normalised in place, conv1 reading it
            // channels-last and writing blocks for conv2.
            let consumed = block(x.copy(), embSiLU: emb, consumingInput: true)
            XCTAssertLessThan(maxRelativeError(consumed, h), 1e-5, "\(cin)->\(cout) consuming its input")
        }
    }

    /// x [N, C, H, W] with channel ch moved by 7·ch: the channels of a group no longer share a centre.
    private func apart(_ x: Tensor) -> Tensor {
        let c = x.dim(1), plane = x.dim(2) * x.dim(3)
        return Tensor(shape: x.shape, scalars: x.scalars.enumerated().map { $1 + 7 * Float(($0 / plane) % c) })
    }

    /// GroupNorm, FiLM and SiLU op by op on NCHW, as training/clipsonic/unet.py computes them.
    private func referenceGroupNorm(_ x: Tensor, groups: Int, norm: UNetNorm, film: Tensor?, silu: Bool) -> Tensor {
        let n = x.dim(0), c = x.dim(1)
        var y = Ops.groupNorm(x, groups: groups, weight: norm.weight, bias: norm.bias, eps: 1e-5)
        if let film {
            let spatial = x.count / (n * c)
            var v = y.scalars
            for b in 0..<n {
                for ch in 0..<c {
                    let s = 1 + film.scalars[b * 2 * c + ch], t = film.scalars[b * 2 * c + c + ch]
                    for i in 0..<spatial { v[(b * c + ch) * spatial + i] = v[(b * c + ch) * spatial + i] * s + t }
                }
            }
            y = Tensor(shape: y.shape, scalars: v)
        }
        return silu ? Ops.silu(y) : y
    }

    func testReleasedPackedWeightsArePackedAgainWithTheSameResult() {
        let layer = Convolution(conv2dWeight: uniformTensor([32, 32, 3, 3], seed: 4, scale: 0.1),
                                bias: uniformTensor([32], seed: 5), padding: 1)
        let x = nhwc(uniformTensor([2, 32, 20, 24], seed: 6))
        let before = layer(channelsLast: x)
        layer.releasePackedWeights()
        StoragePool.shared.releaseIdle()
        DNNLWorkspace.shared.release()
        XCTAssertEqual(layer(channelsLast: x).scalars, before.scalars, "packed again, the same samples")
    }
}
