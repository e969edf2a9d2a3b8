import CKernels
import Foundation

/// 3x3 stride-1 convolution by Winograd's minimal filtering F(4x4, 3x3) (Lavin & Gray 2015), for
/// CPUs where oneDNN has no Winograd kernel (its F(4x4) needs AVX-512). There oneDNN's direct
/// kernel already runs at the float32 GEMM ceiling, and only fewer multiplications go faster:
/// each 4x4 output tile comes from a 6x6 input tile, so the 36 GEMMs of [Cout, Cin] x [Cin, tiles]
/// do 4x fewer multiplications than direct convolution. The transforms are C (winograd.c);
/// the tiles go through in blocks of whole tile rows so that a block's transformed input and
/// output stay a few MB, in cache, whatever the length of the take; they live in the shared
/// `DNNLWorkspace`.
public struct WinogradF43 {
    /// Tiles per block, at least one row of tiles. In the full-size guided step (AVX2, 2 threads,
    /// two runs each) blocks of 128 or 256 tiles took 1.98-2.04 s, 512 tiles 2.23-2.26 s and
    /// 1024 tiles 2.26-2.45 s: 256 tiles of 128 channels (4.7 MB transformed) stay in cache.
    static let blockTiles = 256

    /// U = G g Gᵀ of one layer, [36][Cout][Cin]: 4x the layer's weights.
    final class Weights: @unchecked Sendable {
        let u: UnsafeMutablePointer<Float>
        let cout: Int, cin: Int

        init(_ weight: Tensor) {
            cout = weight.shape[0]
            cin = weight.shape[1]
            u = .allocate(capacity: 36 * cout * cin)
            let (u, cout, cin) = (u, cout, cin)
            ComputeThreads.parallelFor(cout) { co in csk_wino43_weights(weight.pointer, cout, cin, co, u) }
        }

        deinit { u.deallocate() }
    }

    /// The transformed weights of every layer that ran since the last `releaseWeights()`. Made
    /// once, they save the transform on each call (for 512->512 at 10x32 it took longer than the
    /// GEMMs); held for all layers they are 4x the U-Net's 3x3 weights (1.2 GB at full size), so
    /// the engine hands them back after a take's denoising and makes them again at the next take.
    private nonisolated(unsafe) static var held: [ObjectIdentifier: Weights] = [:]
    private static let heldLock = NSLock()

    static func weights(of layer: AnyObject, _ weight: Tensor) -> Weights {
        heldLock.lock(); defer { heldLock.unlock() }
        if let w = held[ObjectIdentifier(layer)] { return w }
        let w = Weights(weight)
        held[ObjectIdentifier(layer)] = w
        // The layer reads only these until they are released; its file pages can go meanwhile.
        weight.storage.releaseResidentPages(offset: weight.offset, count: weight.count)
        return w
    }

    /// Forgets a layer's transformed weights (the layer is going away).
    static func forget(_ layer: AnyObject) {
        heldLock.lock(); defer { heldLock.unlock() }
        held[ObjectIdentifier(layer)] = nil
    }

    /// Frees every layer's transformed weights; a layer that runs again transforms its weights again.
    static func releaseWeights() {
        heldLock.lock(); defer { heldLock.unlock() }
        held.removeAll()
    }

    /// The tiles of one call, in blocks of whole tile rows, and the block's transformed input V
    /// and output M in the shared workspace (the caller holds its lock while it uses them); nil when
    /// the output is empty or the workspace cannot grow to the layer. Both layouts tile alike.
    struct Blocks {
        let oh: Int, ow: Int
        /// Tile rows per sample, tiles per tile row, tile rows in all (every sample's).
        let th: Int, tw: Int, tileRows: Int
        let rowsPerBlock: Int
        let v: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>

        init?(n: Int, h: Int, w: Int, cin: Int, cout: Int, padding: Size2, workspace: DNNLWorkspace) {
            oh = h + 2 * padding.h - 2
            ow = w + 2 * padding.w - 2
            th = (oh + 3) / 4
            tw = (ow + 3) / 4
            tileRows = n * th
            guard oh > 0, ow > 0 else { return nil }
            rowsPerBlock = Swift.max(1, Swift.min(tileRows, blockTiles / tw))
            let maxTiles = rowsPerBlock * tw, floats = MemoryLayout<Float>.stride
            guard let v = workspace.buffer(.source, bytes: 36 * cin * maxTiles * floats)?.assumingMemoryBound(to: Float.self),
                  let m = workspace.buffer(.destination, bytes: 36 * cout * maxTiles * floats)?.assumingMemoryBound(to: Float.self)
            else { return nil }
            self.v = v
            self.m = m
        }
    }

    /// Runs `block(blocks, y, row0, rows)` on each block of tile rows of a call, with the shared
    /// workspace locked (V and M live there) and y made by `output` from the output's height and
    /// width; nil when the output is empty or the workspace cannot grow. Both layouts run this way.
    static func tiled(n: Int, h: Int, w: Int, cin: Int, weights: Weights, padding: Size2,
                      output: (_ oh: Int, _ ow: Int) -> Tensor,
                      block: (_ blocks: Blocks, _ y: Tensor, _ row0: Int, _ rows: Int) -> Void) -> Tensor? {
        precondition(cin == weights.cin, "winograd: weights for \(weights.cin) channels, input of \(cin)")
        let workspace = DNNLWorkspace.shared
        workspace.lock.lock()
        defer { workspace.lock.unlock() }
        guard let blocks = Blocks(n: n, h: h, w: w, cin: cin, cout: weights.cout, padding: padding, workspace: workspace)
        else { return nil }
        let y = output(blocks.oh, blocks.ow)
        var row0 = 0
        while row0 < blocks.tileRows {
            let rows = Swift.min(blocks.rowsPerBlock, blocks.tileRows - row0)
            block(blocks, y, row0, rows)
            row0 += rows
        }
        return y
    }

    /// x: [N, Cin, H, W] -> [N, Cout, H + 2 padding.h - 2, W + 2 padding.w - 2], bias added; nil when
    /// the workspace cannot grow to the layer.
    static func run(x: Tensor, weights: Weights, bias: Tensor?, padding: Size2) -> Tensor? {
        let n = x.shape[0], cin = x.shape[1], h = x.shape[2], w = x.shape[3], cout = weights.cout
        let (xp, u, b) = (x.pointer, weights.u, bias?.pointer)
        return tiled(n: n, h: h, w: w, cin: cin, weights: weights, padding: padding,
                     output: { Tensor(uninitialized: [n, cout, $0, $1]) }) { blocks, y, row0, rows in
            let (oh, ow, th, tw, v, m, yp) = (blocks.oh, blocks.ow, blocks.th, blocks.tw, blocks.v, blocks.m, y.pointer)
            let nt = rows * tw
            // Tile t of the block is tile column t % tw of tile row row0 + t / tw (sample, tile row).
            ComputeThreads.parallelFor(cin) { ci in
                for r in 0..<rows {
                    let sample = (row0 + r) / th, ty = (row0 + r) % th
                    let plane = xp + (sample * cin + ci) * h * w
                    var tx = 0
                    while tx < tw {
                        csk_wino43_input(plane, h, w, ty * 4 - padding.h, tx * 4 - padding.w, Swift.min(8, tw - tx),
                                         v + ci * nt + r * tw + tx, cin * nt)
                        tx += 8
                    }
                }
            }
            // The 36 GEMMs are small (a block's tiles): one thread each, spread over the team,
            // costs less than every GEMM waking the team (the sgemm inside runs on one thread).
            ComputeThreads.parallelFor(36) { i in
                sgemm(m: cout, n: nt, k: cin, a: u + i * cout * cin, lda: cin,
                      b: v + i * cin * nt, ldb: nt, c: m + i * cout * nt, ldc: nt)
            }
            ComputeThreads.parallelFor(cout) { co in
                let bias = b?[co] ?? 0
                for r in 0..<rows {
                    let sample = (row0 + r) / th, ty = (row0 + r) % th
                    let plane = yp + (sample * cout + co) * oh * ow
                    var tx = 0
                    while tx < tw {
                        csk_wino43_output(m + co * nt + r * tw + tx, cout * nt, Swift.min(8, tw - tx), bias, plane,
                                          oh, ow, ty * 4, tx * 4)
                        tx += 8
                    }
                }
            }
        }
    }
}
