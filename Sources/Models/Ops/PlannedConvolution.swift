import CDNNL
import Foundation

/// A convolution layer planned once and run many times: `torch.nn.Conv1d`, `Conv2d` and
/// `ConvTranspose1d` in inference, on oneDNN.
///
/// The first call with an input shape compiles a plan for it (oneDNN's kernel for this CPU, with
/// its weights reordered once into the layout that kernel wants); later calls with that shape —
/// every denoising step, every take of that length, both halves of an A/B pair — only run it.
/// Plans of one layer share the reordered weights when their kernels want the same layout.
/// Where oneDNN has no kernel (or is switched off with `CLIPSONIC_CONV=reference`) the engine's
/// own im2col + OpenBLAS kernels run instead; both match PyTorch (the conv parity fixtures).
extension Ops {
    /// Whether convolutions may run on oneDNN; on by default, off with `CLIPSONIC_CONV=reference`
    /// (benchmarks compare both; bisecting a numerical difference).
    nonisolated(unsafe) public static var allowOneDNN =
        ProcessInfo.processInfo.environment["CLIPSONIC_CONV"] != "reference"

    /// Whether the U-Net may keep activations in oneDNN's 16-channel blocks around its Winograd
    /// layers; on by default, off with `CLIPSONIC_BLOCKS=0` (benchmarks compare both).
    nonisolated(unsafe) public static var allowBlockedActivations =
        ProcessInfo.processInfo.environment["CLIPSONIC_BLOCKS"] != "0"

    /// Whether narrow float32 1-D convolutions run the engine's direct kernel
    /// (`NarrowConvolution1D`) rather than oneDNN's; on by default (the benchmark compares both).
    nonisolated(unsafe) public static var allowNarrowConvolution = true
}

public final class Convolution: @unchecked Sendable {
    public let weight: Tensor
    public let bias: Tensor?
    let geometry: ConvolutionGeometry

    private let lock = NSLock()
    /// Keyed by the input shape and the precision.
    private var plans: [PlanKey: ConvolutionPlan] = [:]
    private var unplannable: Set<PlanKey> = []
    private var packedWeights: [DNNLMemory] = []
    /// The direct kernel's weights, for a narrow 1-D layer (made on its first call).
    private var narrow: NarrowConvolution1D?
    /// Plans kept per layer; a studio session that changes the duration often drops the old ones.
    private static let maxPlans = 16

    /// `torch.nn.functional.conv2d` with these arguments. weight: [Cout, Cin/groups, KH, KW]
    public convenience init(conv2dWeight weight: Tensor, bias: Tensor?, stride: Size2 = 1, padding: Size2 = 0,
                            dilation: Size2 = 1, groups: Int = 1) {
        self.init(weight: weight, bias: bias, geometry: ConvolutionGeometry(
            kind: .forward, stride: [stride.h, stride.w], padding: [padding.h, padding.w], outputPadding: [0, 0],
            dilation: [dilation.h, dilation.w], groups: groups))
    }

    /// `torch.nn.functional.conv1d` with these arguments. weight: [Cout, Cin/groups, K]
    public convenience init(conv1dWeight weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0,
                            dilation: Int = 1, groups: Int = 1) {
        self.init(weight: weight, bias: bias, geometry: ConvolutionGeometry(
            kind: .forward, stride: [stride], padding: [padding], outputPadding: [0], dilation: [dilation],
            groups: groups))
    }

    /// `torch.nn.functional.conv_transpose1d` with these arguments. weight: [Cin, Cout/groups, K]
    public convenience init(convTranspose1dWeight weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0,
                            outputPadding: Int = 0, dilation: Int = 1, groups: Int = 1) {
        self.init(weight: weight, bias: bias, geometry: ConvolutionGeometry(
            kind: .transposed, stride: [stride], padding: [padding], outputPadding: [outputPadding],
            dilation: [dilation], groups: groups))
    }

    /// Shapes are checked when the layer runs, so that a weight source that only records names
    /// and shapes (tests, parameter counts) can build it.
    init(weight: Tensor, bias: Tensor?, geometry: ConvolutionGeometry) {
        self.weight = weight
        self.bias = bias
        self.geometry = geometry
    }

    deinit { WinogradF43.forget(self) }

    /// x: [N, Cin, L] (1-D) or [N, Cin, H, W] (2-D) -> [N, Cout, ...]
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let precision = checkedPrecision(logicalInput: x.shape)
        return OpProfile.measure(profileLabel(x.shape, precision: precision, channelsLast: false)) {
            if precision == .float32, usesNarrowKernel(x.shape) {
                return narrowKernel()(x, bias: bias, dilation: geometry.dilation[0], padding: geometry.padding[0])
            }
            if precision == .float32, usesOwnWinograd(x.shape),
               let y = WinogradF43.run(x: x, weights: WinogradF43.weights(of: self, weight), bias: bias,
                                       padding: Size2(geometry.padding[0], geometry.padding[1])) {
                return y
            }
            return planned(x, logical: x.shape, precision: precision, channelsLast: false) ?? reference(x)
        }
    }

    /// The same 2-D convolution on channels-last tensors: x [N, H, W, Cin] -> [N, OH, OW, Cout].
    /// A network kept channels-last runs oneDNN's direct kernels with no reorder around them, its
    /// 1x1 convolutions as plain GEMMs, and its attention on the activations as they lie.
    public func callAsFunction(channelsLast x: Tensor) -> Tensor {
        precondition(x.rank == 4 && weight.rank == 4, "channels-last convolution: input \(x.shape) for weight \(weight.shape)")
        let logical = [x.shape[0], x.shape[3], x.shape[1], x.shape[2]]
        let precision = checkedPrecision(logicalInput: logical)
        return OpProfile.measure(profileLabel(logical, precision: precision, channelsLast: true)) {
            if precision == .float32, usesOwnWinograd(logical),
               let y = WinogradF43.run(channelsLast: x, weights: WinogradF43.weights(of: self, weight), bias: bias,
                                       padding: Size2(geometry.padding[0], geometry.padding[1])) {
                return y
            }
            return planned(x, logical: logical, precision: precision, channelsLast: true)
                ?? Ops.permute(reference(Ops.permute(x, [0, 3, 1, 2])), [0, 2, 3, 1])
        }
    }

    /// Whether this layer's float32 plan for a channels-last input of logical shape
    /// [N, Cin, H, W] runs on oneDNN's 16-channel blocks (its Winograd), so that a caller may hand
    /// it, and take from it, activations in that layout (`callAsFunction(blocks:blockedOutput:)`).
    func runsOnBlocks(channelsLast shape: [Int]) -> Bool {
        guard Ops.allowBlockedActivations, shape.count == 4, checkedPrecision(logicalInput: shape) == .float32, !usesOwnWinograd(shape) else { return false }
        return plan(for: PlanKey(shape: shape, precision: .float32, channelsLast: true))?.runsOnBlocks ?? false
    }

    /// The layer on activations in oneDNN's 16-channel blocks, [N, Cin/16, H, W, 16], or
    /// channels-last [N, H, W, Cin]; the output in blocks [N, Cout/16, OH, OW, 16] when
    /// `blockedOutput`, else channels-last. Only for shapes where `runsOnBlocks` is true: the
    /// reorders between the U-Net's channels-last activations and those blocks were a sixth of a
    /// full-size step.
    func callAsFunction(blocks x: Tensor, blockedOutput: Bool) -> Tensor {
        let blockedInput = x.rank == 5
        let logical = blockedInput ? [x.shape[0], x.shape[1] * x.shape[4], x.shape[2], x.shape[3]]
                                   : [x.shape[0], x.shape[3], x.shape[1], x.shape[2]]
        let precision = checkedPrecision(logicalInput: logical)
        return OpProfile.measure(profileLabel(logical, precision: precision, channelsLast: true) + " blocks") {
            let key = PlanKey(shape: logical, precision: .float32, channelsLast: true)
            guard precision == .float32, let plan = plan(for: key), plan.runsOnBlocks else {
                preconditionFailure("convolution on 16-channel blocks asked of a plan that does not run on them")
            }
            let out = plan.outputShape  // [N, OH, OW, Cout]
            let y = Tensor(uninitialized: blockedOutput ? [out[0], out[3] / 16, out[1], out[2], 16] : out)
            if plan.run(x, into: y, blockedInput: blockedInput, blockedOutput: blockedOutput) { return y }
            // oneDNN failed at run time: the channels-last path, which falls back to the engine's own kernels.
            let nhwc = blockedInput ? Ops.permute(x, [0, 2, 3, 1, 4]).reshaped([logical[0], logical[2], logical[3], logical[1]]) : x
            let yc = self(channelsLast: nhwc)
            return blockedOutput ? Ops.permute(yc.reshaped([out[0], out[1], out[2], out[3] / 16, 16]), [0, 3, 1, 2, 4]) : yc
        }
    }

    /// Checks the input's logical shape [N, Cin, spatial...] against the weights; the precision
    /// this call runs at.
    private func checkedPrecision(logicalInput shape: [Int]) -> ComputePrecision {
        let g = geometry
        precondition(weight.rank == g.stride.count + 2 && shape.count == weight.rank,
                     "convolution: input \(shape) for weight \(weight.shape)")
        precondition(g.groups >= 1 && weight.shape[0] % g.groups == 0,
                     "convolution: weight \(weight.shape) not divisible into \(g.groups) groups")
        let cin = g.kind == .forward ? weight.shape[1] * g.groups : weight.shape[0]
        let cout = g.kind == .forward ? weight.shape[0] : weight.shape[1] * g.groups
        precondition(shape[1] == cin, "convolution: weight \(weight.shape) expects \(cin) input channels, got \(shape[1])")
        precondition(bias == nil || bias!.count == cout, "convolution: bias does not match \(cout) channels")
        // The probe of the CPU's bfloat16 kernels runs only when bfloat16 is asked for.
        return ComputePrecision.current == .bfloat16 && ComputePrecision.bfloat16IsNative ? .bfloat16 : .float32
    }

    /// x through this layer's oneDNN plan for its shape (the float32 plan where oneDNN has no
    /// kernel at the precision), or nil where oneDNN has none.
    private func planned(_ x: Tensor, logical: [Int], precision: ComputePrecision, channelsLast: Bool) -> Tensor? {
        let key = PlanKey(shape: logical, precision: precision, channelsLast: channelsLast)
        guard let plan = plan(for: key)
                ?? (precision == .float32 ? nil : plan(for: PlanKey(shape: logical, precision: .float32,
                                                                     channelsLast: channelsLast))) else { return nil }
        let y = Tensor(uninitialized: plan.outputShape)
        return plan.run(x, into: y) ? y : nil
    }

    private func profileLabel(_ shape: [Int], precision: ComputePrecision, channelsLast: Bool) -> String {
        let kind = geometry.kind == .forward ? "conv" : "conv_transpose"
        let k = weight.shape.dropFirst(2).map(String.init).joined(separator: "x")
        let cin = shape[1], cout = geometry.kind == .forward ? weight.shape[0] : weight.shape[1] * geometry.groups
        let impl = precision == .float32 && usesOwnWinograd(shape) ? Self.ownWinogradName
            : precision == .float32 && usesNarrowKernel(shape) ? "narrow 1-D" : implementation(for: shape, precision: precision, channelsLast: channelsLast) ?? "reference"
        let layout = channelsLast ? " nhwc" : ""
        return "\(kind) \(k) \(cin)->\(cout) @\(shape.dropFirst(2).map(String.init).joined(separator: "x")) n\(shape[0])\(layout) [\(impl)]"
    }

    /// The oneDNN kernel each planned float32 input shape runs (for profiles and the benchmark).
    public var implementations: [[Int]: String] {
        lock.lock(); defer { lock.unlock() }
        return Dictionary(plans.filter { $0.key.precision == .float32 }.map { ($0.key.shape, $0.value.implementation) },
                          uniquingKeysWith: { first, _ in first })
    }

    /// The oneDNN kernel an input shape ([N, Cin, spatial...] whatever the layout) runs at a
    /// precision, once planned.
    public func implementation(for shape: [Int], precision: ComputePrecision, channelsLast: Bool = false) -> String? {
        lock.lock(); defer { lock.unlock() }
        return plans[PlanKey(shape: shape, precision: precision, channelsLast: channelsLast)]?.implementation
    }

    /// Winograd F(4x4, 3x3) does 4x fewer multiplications than direct 3x3 convolution but its
    /// transforms cost memory passes, so it pays from 32 channels on (measured, bench/README.md;
    /// 16-channel layers run faster direct). A table, not a timing at plan time: the kernel a
    /// shape runs must not depend on how busy the machine was, or a seed's samples would too.
    /// On a small picture Winograd's 4x4 tiles are few and its transforms dominate: models/mini's
    /// 10x16 layers (128->128, 192->128, 256->128, batch 2) ran 19-25% faster direct, its 20x32
    /// ones 25-35% slower (bench/README.md). The full-size U-Net's smallest, 10x32, stays Winograd.
    static func winogradPays(positions: Int) -> Bool { positions > 256 }

    private var prefersWinograd: Bool {
        let g = geometry
        return Ops.allowWinograd && g.kind == .forward && weight.rank == 4 && weight.shape[2] == 3 && weight.shape[3] == 3
            && g.stride == [1, 1] && g.dilation == [1, 1] && g.groups == 1
            && weight.shape[0] >= 32 && weight.shape[1] >= 32
    }

    /// What profiles and the benchmark call the engine's own Winograd kernel.
    static let ownWinogradName = "winograd_4x3:engine"

    /// oneDNN's Winograd F(4x4, 3x3) needs AVX-512; asked for on a 32-channel layer, it answers
    /// with its direct kernel where it has none.
    static let oneDNNHasWinograd: Bool = {
        guard DNNL.available else { return false }
        let probe = ConvolutionPlan(geometry: ConvolutionGeometry(kind: .forward, stride: [1, 1], padding: [1, 1],
                                                                  outputPadding: [0, 0], dilation: [1, 1], groups: 1),
                                    input: [1, 32, 32, 32], weightShape: [32, 32, 3, 3], bias: nil, winograd: true)
        return probe?.implementation.contains("wino") ?? false
    }()

    /// Whether a float32 input of this shape ([N, Cin, L]) runs the engine's narrow 1-D kernel.
    public func usesNarrowKernel(_ shape: [Int]) -> Bool {
        Ops.allowOneDNN && Ops.allowNarrowConvolution && NarrowConvolution1D.applies(weight: weight, geometry: geometry, input: shape)
    }

    private func narrowKernel() -> NarrowConvolution1D {
        lock.lock(); defer { lock.unlock() }
        if let narrow { return narrow }
        let made = NarrowConvolution1D(weight: weight)
        narrow = made
        return made
    }

    /// Float32 Winograd layers run the engine's own F(4x4, 3x3) where oneDNN has no Winograd
    /// kernel, from 64 channels on: against oneDNN's AVX2 direct kernel (2 threads, batch 2) it
    /// ran 128->128 at 80x256 in 58% of the time and 512->512 at 10x32 in 46%, 64->64 at 20x32
    /// in 88%, but 32->32 at 40x64 in 126% (bench/README.md). Where oneDNN has one (AVX-512), the
    /// engine's runs the layers of `ownWinogradInputChannels` inputs and more.
    public func usesOwnWinograd(_ shape: [Int]) -> Bool {
        guard Ops.allowOwnWinograd, prefersWinograd, shape.count == 4, DNNL.available,
              weight.shape[0] >= 64, weight.shape[1] >= 64,
              Self.winogradPays(positions: shape[2] * shape[3]) else { return false }
        return !Self.oneDNNHasWinograd || weight.shape[1] >= Self.ownWinogradInputChannels
    }

    /// From this many input channels the engine's Winograd beats oneDNN's AVX-512 jit_wino_4x3.
    /// In a full-size 80x344 step (2 threads, three alternating runs) the engine's took 0.64-0.92
    /// of oneDNN's time on the way up's 384- to 1024-channel inputs (640->256 at 40x172 0.64-0.78,
    /// 896->384 at 20x86 0.77-0.81) and 0.96-1.04 on 384->128 and 512->512, but 1.16-1.25 on
    /// 128->256 and 1.20-1.24 on 128->128 at 80x344; 256 inputs were even (0.89-1.16).
    /// A table, not a timing, for the same reason as `winogradPays`.
    static let ownWinogradInputChannels = 384

    struct PlanKey: Hashable {
        /// [N, Cin, spatial...] whatever the layout.
        let shape: [Int]
        let precision: ComputePrecision
        let channelsLast: Bool
    }

    private func plan(for key: PlanKey) -> ConvolutionPlan? {
        guard DNNL.available else { return nil }
        lock.lock(); defer { lock.unlock() }
        if let p = plans[key] {
            if p.hasWeights { return p }
            // Its packed weights were handed back after the last take: packed again.
            guard let packed = packed(for: p) else { return nil }
            p.use(weights: packed)
            return p
        }
        if unplannable.contains(key) { return nil }
        let shape = key.shape
        guard let p = ConvolutionPlan(geometry: geometry, input: shape, weightShape: weight.shape, bias: bias,
                                      winograd: prefersWinograd && Self.winogradPays(positions: shape.dropFirst(2).reduce(1, *)),
                                      precision: key.precision, channelsLast: key.channelsLast),
              let packed = packed(for: p) else {
            unplannable.insert(key)
            return nil
        }
        p.use(weights: packed)
        if plans.count >= Self.maxPlans { plans.removeAll() }
        plans[key] = p
        return p
    }

    /// The weights in the layout `plan` wants: shared with this layer's other plans where they
    /// want the same, else reordered from the PyTorch weights, whose file pages are then handed
    /// back (the layer reads only its packed copies until they are released). Under `lock`.
    private func packed(for plan: ConvolutionPlan) -> DNNLMemory? {
        if let shared = packedWeights.first(where: { dnnl_memory_desc_equal([$0.descriptor], [plan.weightsDescriptor]) != 0 }) {
            return shared
        }
        guard let packed = plan.reorderedWeights(weight) else { return nil }
        packedWeights.append(packed)
        weight.storage.releaseResidentPages(offset: weight.offset, count: weight.count)
        return packed
    }

    /// Whether this layer holds packed weights now (tests of what a take hands back).
    var holdsPackedWeights: Bool {
        lock.lock(); defer { lock.unlock() }
        return !packedWeights.isEmpty
    }

    /// Frees this layer's packed weights (its plans stay); the next call packs them again. The
    /// engine does this for the U-Net after a take's denoising: oneDNN's Winograd weights are 4x
    /// the 3x3 weights, 1.2 GB at full size, held through vocoding and between takes otherwise.
    func releasePackedWeights() {
        lock.lock(); defer { lock.unlock() }
        packedWeights.removeAll()
        for plan in plans.values { plan.use(weights: nil) }
    }

    /// The engine's own kernels (im2col + OpenBLAS, Winograd F(2x2, 3x3), col2im).
    func reference(_ x: Tensor) -> Tensor {
        let g = geometry
        if g.kind == .transposed {
            return TransposedConvolutionKernel(x: x, weight: weight, bias: bias, stride: g.stride[0],
                                               padding: g.padding[0], outputPadding: g.outputPadding[0],
                                               dilation: g.dilation[0], groups: g.groups).run()
        }
        if x.rank == 4 {
            return ConvolutionKernel(x: x, weight: weight, bias: bias, stride: Size2(g.stride[0], g.stride[1]),
                                     padding: Size2(g.padding[0], g.padding[1]),
                                     dilation: Size2(g.dilation[0], g.dilation[1]), groups: g.groups).run()
        }
        // 1-D as 2-D of height 1.
        let x4 = x.reshaped([x.shape[0], x.shape[1], 1, x.shape[2]])
        let w4 = weight.reshaped([weight.shape[0], weight.shape[1], 1, weight.shape[2]])
        let y = ConvolutionKernel(x: x4, weight: w4, bias: bias, stride: Size2(1, g.stride[0]),
                                  padding: Size2(0, g.padding[0]), dilation: Size2(1, g.dilation[0]),
                                  groups: g.groups).run()
        return y.reshaped([y.shape[0], y.shape[1], y.shape[3]])
    }
}
