import XCTest
@testable import Models

/// `precision bfloat16`: a convolution at bfloat16 computes, in float32 sums, the float32
/// convolution of its input and weights rounded to bfloat16, on oneDNN's native kernels; where
/// the CPU has none (or `DNNL_MAX_CPU_ISA` caps it, as the suite's AVX2 pass does) it runs at
/// float32, and the engine refuses such requests (GenerationEngineTests).
final class BFloat16ConvolutionTests: XCTestCase {
    private func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor { uniformTensor(shape, seed: seed, scale: scale) }

    /// Round to nearest even at 8 significant bits, as oneDNN's reorder to bfloat16 does.
    private func roundedToBFloat16(_ t: Tensor) -> Tensor {
        let r = t.copy()
        for i in 0..<r.count {
            let bits = r.pointer[i].bitPattern
            let rounded = (bits &+ 0x7fff &+ ((bits >> 16) & 1)) & 0xffff_0000
            r.pointer[i] = Float(bitPattern: rounded)
        }
        return r
    }

    /// The U-Net's 3x3 convolutions (where float32 would run Winograd), a strided one, BigVGAN's
    /// dilated 1-D and transposed 1-D ones.
    private var layers: [(String, (Tensor?, Tensor?) -> Convolution, Tensor)] {
        [("3x3 64->64", { w, b in Convolution(conv2dWeight: w ?? self.random([64, 64, 3, 3], seed: 1, scale: 0.1),
                                              bias: b ?? self.random([64], seed: 2), padding: 1) },
          random([2, 64, 20, 32], seed: 3)),
         ("3x3 stride 2", { w, b in Convolution(conv2dWeight: w ?? self.random([32, 16, 3, 3], seed: 4, scale: 0.1),
                                                bias: b ?? self.random([32], seed: 5), stride: 2, padding: 1) },
          random([1, 16, 20, 33], seed: 6)),
         ("1-D k3 d5", { w, b in Convolution(conv1dWeight: w ?? self.random([48, 48, 3], seed: 7, scale: 0.1),
                                             bias: b ?? self.random([48], seed: 8), padding: 5, dilation: 5) },
          random([1, 48, 500], seed: 9)),
         ("transposed k8 s4", { w, b in Convolution(convTranspose1dWeight: w ?? self.random([64, 32, 8], seed: 10, scale: 0.1),
                                                    bias: b ?? self.random([32], seed: 11), stride: 4, padding: 2) },
          random([1, 64, 40], seed: 12))]
    }

    func testBFloat16IsTheFloat32ConvolutionOfTheRoundedValues() {
        for (name, make, x) in layers {
            let layer = make(nil, nil)
            let full = layer(x)
            let half = ComputePrecision.$current.withValue(.bfloat16) { layer(x) }
            XCTAssertEqual(half.shape, full.shape, name)
            guard ComputePrecision.bfloat16IsNative else {
                // No native kernel: the request is refused by the engine, and a layer asked
                // anyway runs at float32 rather than on a slow emulation.
                XCTAssertEqual(half.scalars, full.scalars, name)
                XCTAssertNil(layer.implementation(for: x.shape, precision: .bfloat16), name)
                continue
            }
            let implementation = layer.implementation(for: x.shape, precision: .bfloat16) ?? "none"
            XCTAssertTrue(ComputePrecision.nativeBFloat16(implementation: implementation), "\(name): \(implementation)")
            let rounded = make(roundedToBFloat16(layer.weight), layer.bias)(roundedToBFloat16(x))
            let exact = maxRelativeError(half, rounded), fromFloat32 = maxRelativeError(half, full)
            print("bfloat16 \(name) [\(implementation)]: against the rounded float32 convolution \(exact), against float32 \(fromFloat32)")
            XCTAssertLessThan(exact, 1e-5, name)
            XCTAssertGreaterThan(fromFloat32, 1e-4, "\(name): the values were really rounded")
            XCTAssertLessThan(fromFloat32, 2e-2, name)
            // Float32 is planned apart and still exact.
            XCTAssertEqual(layer(x).scalars, full.scalars, name)
        }
    }

    func testTheKernelNamesThatCountAsNative() {
        XCTAssertTrue(ComputePrecision.nativeBFloat16(implementation: "brgconv:avx512_core_amx_bf16"))
        XCTAssertTrue(ComputePrecision.nativeBFloat16(implementation: "jit:avx512_core_bf16"))
        XCTAssertFalse(ComputePrecision.nativeBFloat16(implementation: "brgconv:avx512_core"))
        XCTAssertFalse(ComputePrecision.nativeBFloat16(implementation: "gemm:jit"))
    }
}
