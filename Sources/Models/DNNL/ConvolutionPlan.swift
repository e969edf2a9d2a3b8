import CDNNL
import CKernels

/// The geometry of one convolution or transposed convolution, in PyTorch's terms.
struct ConvolutionGeometry: Hashable, Sendable {
    enum Kind: Hashable, Sendable { case forward, transposed }
    let kind: Kind
    /// Per spatial axis (one for 1-D, two for 2-D).
    let stride: [Int]
    let padding: [Int]
    /// PyTorch's `output_padding` of a transposed convolution (zeros otherwise).
    let outputPadding: [Int]
    let dilation: [Int]
    let groups: Int

    /// Output spatial size of `input` for a kernel of `kernel`, as PyTorch computes it.
    func outputSize(input: [Int], kernel: [Int]) -> [Int] {
        input.indices.map { i in
            let span = dilation[i] * (kernel[i] - 1)
            switch kind {
            case .forward: return (input[i] + 2 * padding[i] - span - 1) / stride[i] + 1
            case .transposed: return (input[i] - 1) * stride[i] - 2 * padding[i] + span + outputPadding[i] + 1
            }
        }
    }
}

/// One convolution compiled by oneDNN for one input shape: the primitive, and the reorders between
/// the engine's row-major tensors and the layouts the primitive chose. The engine's tensors are
/// NCHW (NCW), or channels-last NHWC for a 2-D plan made with `channelsLast`; there oneDNN's
/// direct kernels run on the tensors themselves and no reorder is left around them. Weights come reordered
/// from the owning `Convolution` (once per layout, shared by its plans); activations and the
/// scratchpad live in the shared `DNNLWorkspace` while the plan runs.
final class ConvolutionPlan {
    let outputShape: [Int]
    /// oneDNN's name of the kernel it picked (e.g. "jit_wino_4x3:avx512_core").
    let implementation: String
    let weightsDescriptor: dnnl_memory_desc_t
    /// The weights' dimensions as oneDNN counts them, and the tag that lays them over PyTorch's memory.
    private let weightDims: [Int]
    private let weightTag: dnnl_format_tag_t

    private let primitive: DNNLPrimitive
    private let stream: DNNLStream
    private let userSource: DNNLMemory, userDestination: DNNLMemory
    private let source: DNNLMemory?, destination: DNNLMemory?
    private let sourceReorder: DNNLPrimitive?, destinationReorder: DNNLPrimitive?
    private let scratchpad: DNNLMemory?
    private let bias: DNNLMemory?
    /// Whether the kernel reads and writes oneDNN's 16-channel blocks (nChw16c) in float32, as its
    /// Winograd does: a caller that keeps an activation in that layout skips the reorder.
    let runsOnBlocks: Bool
    private var weights: DNNLMemory?

    /// A plan for input `input` ([N, Cin, L] or [N, Cin, H, W], logical order whatever the layout)
    /// and PyTorch weight shape `weightShape`, or nil when oneDNN has no kernel for it (the caller
    /// then uses its own). At bfloat16 the input and weights are rounded to bfloat16 by the reorders
    /// into the kernel's layout; the bias, the sums and the output stay float32.
    init?(geometry g: ConvolutionGeometry, input: [Int], weightShape: [Int], bias: Tensor?, winograd: Bool,
          precision: ComputePrecision = .float32, channelsLast: Bool = false) {
        guard DNNL.available, let engine = DNNL.engine, let stream = DNNLStream() else { return nil }
        let rank = input.count, spatial = rank - 2
        guard spatial == 1 || spatial == 2, weightShape.count == rank else { return nil }
        let kernel = Array(weightShape.suffix(spatial))
        let n = input[0], cin = input[1]
        let cout = g.kind == .forward ? weightShape[0] : weightShape[1] * g.groups
        let outSpatial = g.outputSize(input: Array(input.suffix(spatial)), kernel: kernel)
        guard outSpatial.allSatisfy({ $0 > 0 }) else { return nil }
        guard !channelsLast || spatial == 2 else { return nil }
        outputShape = channelsLast ? [n] + outSpatial + [cout] : [n, cout] + outSpatial

        // oneDNN counts dilation from 0 (no gaps) where PyTorch counts from 1, and takes the right
        // padding separately (a transposed convolution's output_padding comes off it).
        let strides = g.stride.map { dnnl_dim_t($0) }
        let dilates = g.dilation.map { dnnl_dim_t($0 - 1) }
        let padL = g.padding.map { dnnl_dim_t($0) }
        let padR = zip(g.padding, g.outputPadding).map { dnnl_dim_t($0 - $1) }
        guard padR.allSatisfy({ $0 >= 0 }) else { return nil }

        // Weights as oneDNN sees them: [G, OC/G, IC/G, k...] when grouped. A transposed
        // convolution's PyTorch weight is [Cin, Cout/G, k...], the swap of oneDNN's first two axes.
        let weightDims: [Int]
        if g.kind == .forward {
            weightDims = g.groups == 1 ? weightShape : [g.groups, cout / g.groups, cin / g.groups] + kernel
        } else {
            guard g.groups == 1 else { return nil }
            weightDims = [cout, cin] + kernel
        }
        guard let anySrc = DNNL.descriptor(input, tag: dnnl_format_tag_any, type: precision.dataType),
              let anyWeights = DNNL.descriptor(weightDims, tag: dnnl_format_tag_any, type: precision.dataType),
              let anyDst = DNNL.descriptor([n, cout] + outSpatial, tag: dnnl_format_tag_any),
              let plainSrc = DNNL.descriptor(input, tag: channelsLast ? dnnl_acdb : DNNL.plainTag(rank: rank)),
              let plainDst = DNNL.descriptor([n, cout] + outSpatial,
                                             tag: channelsLast ? dnnl_acdb : DNNL.plainTag(rank: rank)),
              let kernelSrc = channelsLast ? DNNL.descriptor(input, tag: dnnl_acdb, type: precision.dataType) : anySrc
        else { return nil }
        let biasMD = bias.flatMap { _ in DNNL.descriptor([cout], tag: dnnl_a) }
        if bias != nil && biasMD == nil { return nil }

        // The scratchpad comes from the shared workspace instead of each primitive holding its own,
        // except for oneDNN's Winograd F(4x4,3x3), which manages its own (it is not offered otherwise).
        var userAttr: dnnl_primitive_attr_t?, libraryAttr: dnnl_primitive_attr_t?
        guard dnnl_primitive_attr_create(&userAttr) == dnnl_success, let userAttr else { return nil }
        defer { dnnl_primitive_attr_destroy(userAttr) }
        guard dnnl_primitive_attr_create(&libraryAttr) == dnnl_success, let libraryAttr else { return nil }
        defer { dnnl_primitive_attr_destroy(libraryAttr) }
        guard dnnl_primitive_attr_set_scratchpad_mode(userAttr, dnnl_scratchpad_mode_user) == dnnl_success else { return nil }

        // oneDNN lists every kernel that can run a descriptor, best first by its own ranking; `only`
        // takes the first whose name contains it. Its ranking puts Winograd F(2x2,3x3) ahead of
        // F(4x4,3x3) on some shapes although F(4x4) measured twice as fast on all of ours
        // (bench/README.md), so F(4x4) is asked for by name first.
        func makeDescriptor(_ algorithm: dnnl_alg_kind_t, only: String? = nil, attr: dnnl_primitive_attr_t,
                            src fixedSource: dnnl_memory_desc_t? = nil,
                            dst fixedDestination: dnnl_memory_desc_t? = nil) -> DNNLPrimitiveDescriptor? {
            var src = fixedSource ?? anySrc, wts = anyWeights, dst = fixedDestination ?? anyDst
            var biasDesc = biasMD ?? dnnl_memory_desc_t()
            // The iterator keeps a pointer to the operation descriptor and reads it again on each
            // step, so the descriptor lives on the heap until the iterator is destroyed.
            let convDesc = UnsafeMutablePointer<dnnl_convolution_desc_t>.allocate(capacity: 1)
            let deconvDesc = UnsafeMutablePointer<dnnl_deconvolution_desc_t>.allocate(capacity: 1)
            convDesc.initialize(to: dnnl_convolution_desc_t())
            deconvDesc.initialize(to: dnnl_deconvolution_desc_t())
            defer { convDesc.deallocate(); deconvDesc.deallocate() }
            var iterator: dnnl_primitive_desc_iterator_t?
            let ok: Bool = withUnsafeMutablePointer(to: &biasDesc) { bp in
                let biasPtr = biasMD == nil ? nil : bp
                if g.kind == .forward {
                    guard dnnl_dilated_convolution_forward_desc_init(
                        convDesc, dnnl_forward_inference, algorithm, &src, &wts, biasPtr, &dst,
                        strides, dilates, padL, padR) == dnnl_success else { return false }
                    return dnnl_primitive_desc_iterator_create(&iterator, convDesc, attr, engine, nil) == dnnl_success
                } else {
                    guard dnnl_dilated_deconvolution_forward_desc_init(
                        deconvDesc, dnnl_forward_inference, algorithm, &src, &wts, biasPtr, &dst,
                        strides, dilates, padL, padR) == dnnl_success else { return false }
                    return dnnl_primitive_desc_iterator_create(&iterator, deconvDesc, attr, engine, nil) == dnnl_success
                }
            }
            guard ok, let iterator else { return nil }
            defer { dnnl_primitive_desc_iterator_destroy(iterator) }
            repeat {
                guard let pd = dnnl_primitive_desc_iterator_fetch(iterator) else { break }
                let candidate = DNNLPrimitiveDescriptor(pd)
                guard let only else { return candidate }
                if DNNL.implementation(of: pd).contains(only) { return candidate }
            } while dnnl_primitive_desc_iterator_next(iterator) == dnnl_success
            return nil
        }
        let direct = g.kind == .forward ? dnnl_convolution_direct : dnnl_deconvolution_direct
        // Winograd exists only for 3x3 stride-1 kernels on some instruction sets; when oneDNN has
        // no Winograd kernel here the direct one is used.
        // oneDNN has no bfloat16 Winograd; its bfloat16 direct kernels outrun float32 Winograd.
        let winograd = winograd && precision == .float32
        let fastWinograd = winograd ? makeDescriptor(dnnl_convolution_winograd, only: "wino_4x3", attr: libraryAttr) : nil
        // 1-D (BigVGAN's) convolutions ask for oneDNN's plain JIT kernel first: oneDNN ranks its
        // brgemm kernel higher, which ran them no faster (2.34 s against 2.36 s over a full-size
        // take's 110 vocoder convolutions) but took 5.8 s instead of 58 ms to create, about
        // 340 ms for each 24-channel layer over 88,064 samples: most of a cold take's vocoding.
        // Channels-last tensors go straight into a direct kernel that reads and writes NHWC (on
        // models/mini the NCHW<->NHWC reorders around brgconv were a fifth of a denoising step);
        // Winograd wants oneDNN's blocked layout, so it keeps its reorders.
        guard let pd = fastWinograd ?? (winograd ? makeDescriptor(dnnl_convolution_winograd, attr: userAttr) : nil)
                ?? (channelsLast ? makeDescriptor(direct, attr: userAttr, src: kernelSrc, dst: plainDst) : nil)
                ?? (spatial == 1 ? makeDescriptor(direct, only: "jit:", attr: userAttr) : nil)
                ?? makeDescriptor(direct, attr: userAttr),
              let primitive = DNNLPrimitive(pd),
              let srcMD = pd.md(dnnl_query_src_md), let dstMD = pd.md(dnnl_query_dst_md),
              let weightsMD = pd.md(dnnl_query_weights_md),
              let userSource = DNNLMemory(plainSrc, allocate: false),
              let userDestination = DNNLMemory(plainDst, allocate: false) else { return nil }
        self.primitive = primitive
        self.stream = stream
        self.userSource = userSource
        self.userDestination = userDestination
        implementation = DNNL.implementation(of: pd.handle)
        weightsDescriptor = weightsMD
        self.weightDims = weightDims
        // A transposed convolution's [Cout, Cin, k...] runs over PyTorch's [Cin, Cout, k...] memory.
        weightTag = g.kind == .transposed ? (rank == 3 ? dnnl_bac : dnnl_bacd) : DNNL.plainTag(rank: weightDims.count)

        if spatial == 2, precision == .float32, cin % 16 == 0, cout % 16 == 0,
           let blockedSrc = DNNL.descriptor(input, tag: dnnl_aBcd16b),
           let blockedDst = DNNL.descriptor([n, cout] + outSpatial, tag: dnnl_aBcd16b) {
            runsOnBlocks = dnnl_memory_desc_equal([srcMD], [blockedSrc]) != 0 && dnnl_memory_desc_equal([dstMD], [blockedDst]) != 0
        } else {
            runsOnBlocks = false
        }
        guard let (source, sourceReorder) = Self.staging(plainSrc, srcMD, toKernel: true),
              let (destination, destinationReorder) = Self.staging(plainDst, dstMD, toKernel: false) else { return nil }
        self.source = source; self.sourceReorder = sourceReorder
        self.destination = destination; self.destinationReorder = destinationReorder
        if let scratchMD = pd.md(dnnl_query_scratchpad_md), dnnl_memory_desc_get_size([scratchMD]) > 0 {
            guard let m = DNNLMemory(scratchMD, allocate: false) else { return nil }
            scratchpad = m
        } else {
            scratchpad = nil
        }
        if let bias, let md = biasMD {
            guard let m = DNNLMemory(md, allocate: false) else { return nil }
            m.bind(UnsafeMutableRawPointer(bias.pointer))
            self.bias = m
        } else {
            self.bias = nil
        }
    }

    /// The kernel-layout buffer and the reorder between it and the row-major `plain` layout
    /// (into the kernel's layout for a source, out of it for a destination); (nil, nil) when the
    /// kernel takes the row-major layout itself, nil when oneDNN cannot reorder between them.
    private static func staging(_ plain: dnnl_memory_desc_t, _ kernel: dnnl_memory_desc_t,
                                toKernel: Bool) -> (DNNLMemory?, DNNLPrimitive?)? {
        if dnnl_memory_desc_equal([kernel], [plain]) != 0 { return (nil, nil) }
        guard let memory = DNNLMemory(kernel, allocate: false),
              let reorder = toKernel ? DNNLPrimitive.reorder(from: plain, to: kernel)
                                     : DNNLPrimitive.reorder(from: kernel, to: plain) else { return nil }
        return (memory, reorder)
    }

    /// Reorders `weight` (PyTorch layout) into the layout this plan's primitive wants, or nil when
    /// oneDNN cannot. The result is owned by the caller, which shares it among plans.
    func reorderedWeights(_ weight: Tensor, ownWinogradTransform: Bool = true) -> DNNLMemory? {
        if ownWinogradTransform, let packed = winogradWeights(weight) { return packed }
        guard let plain = DNNL.descriptor(weightDims, tag: weightTag),
              let user = DNNLMemory(plain, allocate: false),
              let packed = DNNLMemory(weightsDescriptor, allocate: true),
              let reorder = DNNLPrimitive.reorder(from: plain, to: weightsDescriptor),
              let stream = DNNLStream() else { return nil }
        user.bind(UnsafeMutableRawPointer(weight.pointer))
        let ok = DNNL.withComputeThreads {
            stream.run(reorder, [(DNNL_ARG_FROM, user), (DNNL_ARG_TO, packed)])
        }
        return ok ? packed : nil
    }

    /// The weights of oneDNN's 4x3 Winograd kernel made by the engine's own transform
    /// (`csk_wino43_dnnl_weights`), which reads PyTorch's layout in order: oneDNN's reorder for
    /// them gathers with a stride of a whole input row and took 1.8 s of a full-size take. Nil
    /// (oneDNN's reorder then runs) for any other layout, or a oneDNN whose Winograd layout the
    /// tests have not compared with (they check every value against oneDNN's reorder).
    func winogradWeights(_ weight: Tensor) -> DNNLMemory? {
        let md = weightsDescriptor
        guard md.format_kind == dnnl_format_kind_wino, md.data_type == dnnl_f32, weightDims.count == 4,
              weightTag == dnnl_abcd, weightDims[2] == 3, weightDims[3] == 3, DNNL.winogradLayoutChecked else { return nil }
        let d = md.format_desc.wino_desc
        guard d.wino_format == dnnl_wino_wei_OBaaIBOIio, d.r == 3, d.alpha == 6, d.adj_scale == 1,
              d.oc >= weightDims[0], d.ic >= weightDims[1], (1...64).contains(d.oc_block), d.ic_block > 0,
              d.oc2_block > 0, d.ic2_block > 0, d.oc % (d.oc_block * d.oc2_block) == 0,
              d.ic % (d.ic_block * d.ic2_block) == 0,
              d.size >= 36 * Int(d.oc) * Int(d.ic) * MemoryLayout<Float>.size,
              let packed = DNNLMemory(md, allocate: true) else { return nil }
        var handle: UnsafeMutableRawPointer?
        guard dnnl_memory_get_data_handle(packed.handle, &handle) == dnnl_success, let handle else { return nil }
        let out = handle.assumingMemoryBound(to: Float.self)
        let filled = 36 * Int(d.oc) * Int(d.ic)
        if d.size > filled * 4 { (handle + filled * 4).initializeMemory(as: UInt8.self, repeating: 0, count: d.size - filled * 4) }
        let blocks = Int(d.oc / d.oc_block)
        let parts = Swift.min(blocks, ComputeThreads.count * 4)
        let (realOC, realIC) = (weightDims[0], weightDims[1])
        // The blocks were checked above, so the kernel takes every part.
        ComputeThreads.parallelFor(parts) { part in
            _ = csk_wino43_dnnl_weights(weight.pointer, realOC, realIC, Int(d.oc), Int(d.ic),
                                        Int(d.oc_block), Int(d.ic_block), Int(d.oc2_block), Int(d.ic2_block), out,
                                        blocks * part / parts, blocks * (part + 1) / parts)
        }
        return packed
    }

    /// Binds the packed weights this plan runs with (nil: none until bound again).
    func use(weights: DNNLMemory?) { self.weights = weights }

    var hasWeights: Bool { weights != nil }

    /// y = conv(x); x and y are row-major tensors of this plan's input and output shapes, or,
    /// where `blockedInput` / `blockedOutput` say so (only for a plan that `runsOnBlocks`), in
    /// oneDNN's 16-channel blocks, which the kernel then reads or writes directly.
    /// Returns false if oneDNN failed (y is then undefined).
    func run(_ x: Tensor, into y: Tensor, blockedInput: Bool = false, blockedOutput: Bool = false) -> Bool {
        guard let weights, runsOnBlocks || !(blockedInput || blockedOutput) else { return false }
        let ws = DNNLWorkspace.shared
        ws.lock.lock()
        defer { ws.lock.unlock() }
        userSource.bind(UnsafeMutableRawPointer(x.pointer))
        userDestination.bind(UnsafeMutableRawPointer(y.pointer))
        let staged = [(blockedInput ? nil : source, DNNLWorkspace.Slot.source), (blockedOutput ? nil : destination, .destination),
                      (scratchpad, .scratchpad)]
        for (memory, slot) in staged {
            guard let memory else { continue }
            guard let buffer = ws.buffer(slot, bytes: memory.byteCount) else { return false }
            memory.bind(buffer)
        }
        if blockedInput { source?.bind(UnsafeMutableRawPointer(x.pointer)) }
        if blockedOutput { destination?.bind(UnsafeMutableRawPointer(y.pointer)) }
        return DNNL.withComputeThreads {
            if !blockedInput, let sourceReorder, let source {
                guard stream.run(sourceReorder, [(DNNL_ARG_FROM, userSource), (DNNL_ARG_TO, source)]) else { return false }
            }
            var args: [(Int32, DNNLMemory)] = [(DNNL_ARG_SRC, source ?? userSource), (DNNL_ARG_WEIGHTS, weights),
                                               (DNNL_ARG_DST, destination ?? userDestination)]
            if let bias { args.append((DNNL_ARG_BIAS, bias)) }
            if let scratchpad { args.append((DNNL_ARG_SCRATCHPAD, scratchpad)) }
            guard stream.run(primitive, args) else { return false }
            if !blockedOutput, let destinationReorder, let destination {
                guard stream.run(destinationReorder, [(DNNL_ARG_FROM, destination), (DNNL_ARG_TO, userDestination)]) else { return false }
            }
            return true
        }
    }
}
