import CDNNL

/// The number format convolutions multiply in. float32 is the reference and the default.
/// bfloat16 rounds each convolution's input and weights to bfloat16 (8 significant bits) and
/// sums in float32, with float32 output: on a CPU with AMX or AVX512_BF16, oneDNN's bfloat16
/// kernels run a 128-channel 3x3 layer 11 times faster than float32 direct, 3.5 times with the
/// reorders around them (bench/README.md), at the cost of results that differ from float32 by
/// about 2e-3 relative per convolution.
///
/// The precision is set for a stretch of work (`ComputePrecision.$current.withValue(...)`, as
/// the engine does for each request) rather than threaded through every network: the layers
/// read it when they run, and their plans are kept per precision.
public enum ComputePrecision: String, CaseIterable, Sendable {
    case float32
    case bfloat16

    @TaskLocal public static var current: ComputePrecision = .float32

    /// Whether oneDNN has native bfloat16 convolution kernels on this CPU (AMX or AVX512_BF16),
    /// as opposed to none or an emulation slower than float32; probed once on a small
    /// convolution. `DNNL_MAX_CPU_ISA` below AVX512_CORE_BF16 turns it off.
    public static let bfloat16IsNative: Bool = bfloat16Kernel.map(nativeBFloat16(implementation:)) ?? false

    /// Whether those kernels run on AMX's tile units. Without AMX (AVX512_BF16 alone) they measured
    /// slower than float32 Winograd: a full-size guided step 3.8 s against 1.2 s, BigVGAN 4.2
    /// against 2.5 s (bench/README.md), so a bfloat16 request there gets a notice.
    public static let bfloat16HasMatrixUnits: Bool = bfloat16Kernel?.contains("amx") ?? false

    /// oneDNN's name for its bfloat16 kernel of a small convolution (the probe), nil without one.
    private static let bfloat16Kernel: String? = {
        guard DNNL.available else { return nil }
        let probe = ConvolutionPlan(geometry: ConvolutionGeometry(kind: .forward, stride: [1, 1], padding: [1, 1],
                                                                  outputPadding: [0, 0], dilation: [1, 1], groups: 1),
                                    input: [1, 32, 8, 8], weightShape: [32, 32, 3, 3], bias: nil, winograd: false,
                                    precision: .bfloat16)
        return probe?.implementation
    }()

    /// oneDNN names a kernel with native bfloat16 arithmetic by its instruction set:
    /// "brgconv:avx512_core_amx_bf16", "jit:avx512_core_bf16"; an emulating one by a plain one.
    static func nativeBFloat16(implementation: String) -> Bool { implementation.contains("bf16") }

    /// oneDNN's name for the data type a convolution's input and weights are read in.
    var dataType: dnnl_data_type_t { self == .bfloat16 ? dnnl_bf16 : dnnl_f32 }
}
