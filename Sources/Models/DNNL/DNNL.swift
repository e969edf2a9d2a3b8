import CDNNL
import Foundation

/// The process's oneDNN CPU engine, and the small wrappers that keep oneDNN handles alive
/// exactly as long as the Swift objects that own them.
///
/// oneDNN picks its kernels when a primitive is created, from the instruction sets of the CPU it
/// runs on (SSE4.1 … AVX-512, AMX), so one binary runs at full speed on every x86-64 machine.
/// `DNNL_MAX_CPU_ISA=AVX2` in the environment caps that choice (the test suite runs both ways).
enum DNNL {
    /// nil when oneDNN cannot create a CPU engine; callers then use the engine's own kernels.
    nonisolated(unsafe) static let engine: dnnl_engine_t? = {
        var e: dnnl_engine_t?
        guard dnnl_engine_create(&e, dnnl_cpu, 0) == dnnl_success else { return nil }
        return e
    }()

    /// Whether this oneDNN's 4x3 Winograd weight layout is the one the engine's own transform was
    /// checked against (oneDNN 2.6; PlannedConvolutionTests compares every value with its reorder).
    static let winogradLayoutChecked: Bool = {
        guard let v = dnnl_version()?.pointee else { return false }
        return v.major == 2 && v.minor == 6
    }()

    static var available: Bool { Ops.allowOneDNN && engine != nil }

    /// The implementation oneDNN chose for a primitive (e.g. "brgconv:avx512_core"), for profiles.
    static func implementation(of pd: dnnl_primitive_desc_t) -> String {
        var info: UnsafePointer<CChar>?
        guard dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &info) == dnnl_success,
              let info else { return "?" }
        return String(cString: info)
    }

    /// A plain (row-major, PyTorch-order) descriptor, or one whose layout oneDNN may choose;
    /// float32 unless another type is asked for.
    static func descriptor(_ dims: [Int], tag: dnnl_format_tag_t, type: dnnl_data_type_t = dnnl_f32) -> dnnl_memory_desc_t? {
        var md = dnnl_memory_desc_t()
        let d = dims.map { dnnl_dim_t($0) }
        guard dnnl_memory_desc_init_by_tag(&md, Int32(d.count), d, type, tag) == dnnl_success else { return nil }
        return md
    }

    /// The row-major tag of a tensor of `rank` dimensions (ncw, nchw).
    static func plainTag(rank: Int) -> dnnl_format_tag_t {
        switch rank {
        case 1: return dnnl_a
        case 2: return dnnl_ab
        case 3: return dnnl_abc
        case 4: return dnnl_abcd
        default: return dnnl_abcde
        }
    }

    /// Runs `body` with OpenMP's thread count set to the engine's one setting on this thread
    /// (OpenMP's count is per calling thread; generation runs on worker threads).
    @inline(__always)
    static func withComputeThreads<R>(_ body: () -> R) -> R {
        ComputeThreads.bindOpenMP()
        return body()
    }
}

/// An owned oneDNN primitive descriptor.
final class DNNLPrimitiveDescriptor {
    let handle: dnnl_primitive_desc_t
    init(_ handle: dnnl_primitive_desc_t) { self.handle = handle }
    deinit { dnnl_primitive_desc_destroy(handle) }

    func md(_ what: dnnl_query_t, _ index: Int32 = 0) -> dnnl_memory_desc_t? {
        dnnl_primitive_desc_query_md(handle, what, index)?.pointee
    }
}

/// An owned oneDNN primitive.
final class DNNLPrimitive {
    let handle: dnnl_primitive_t
    init?(_ pd: DNNLPrimitiveDescriptor) {
        var p: dnnl_primitive_t?
        guard dnnl_primitive_create(&p, pd.handle) == dnnl_success, let p else { return nil }
        handle = p
    }
    deinit { dnnl_primitive_destroy(handle) }

    /// A reorder from one layout to another (nil when oneDNN has none for the pair).
    static func reorder(from src: dnnl_memory_desc_t, to dst: dnnl_memory_desc_t,
                        attr: dnnl_primitive_attr_t? = nil) -> DNNLPrimitive? {
        guard let engine = DNNL.engine else { return nil }
        var pd: dnnl_primitive_desc_t?
        var s = src, d = dst
        guard dnnl_reorder_primitive_desc_create(&pd, &s, engine, &d, engine, attr) == dnnl_success,
              let pd else { return nil }
        return DNNLPrimitive(DNNLPrimitiveDescriptor(pd))
    }
}

/// An owned oneDNN memory object: either over memory it allocated itself (reordered weights) or a
/// handle whose data pointer is set before each execution (activations, scratch).
final class DNNLMemory {
    let handle: dnnl_memory_t
    let descriptor: dnnl_memory_desc_t
    var byteCount: Int { dnnl_memory_desc_get_size([descriptor]) }

    /// allocate: oneDNN allocates and owns the buffer; otherwise the data pointer starts empty.
    init?(_ md: dnnl_memory_desc_t, allocate: Bool) {
        guard let engine = DNNL.engine else { return nil }
        var m: dnnl_memory_t?
        var d = md
        let ptr = allocate ? UnsafeMutableRawPointer(bitPattern: -1) : nil  // DNNL_MEMORY_ALLOCATE / NONE
        guard dnnl_memory_create(&m, &d, engine, ptr) == dnnl_success, let m else { return nil }
        handle = m
        descriptor = md
    }
    deinit { dnnl_memory_destroy(handle) }

    func bind(_ pointer: UnsafeMutableRawPointer) {
        dnnl_memory_set_data_handle(handle, pointer)
    }
}

/// Executes primitives on one stream; a stream is cheap on the CPU and each plan keeps its own,
/// so plans never share one across threads.
final class DNNLStream {
    let handle: dnnl_stream_t
    init?() {
        guard let engine = DNNL.engine else { return nil }
        var s: dnnl_stream_t?
        guard dnnl_stream_create(&s, engine, dnnl_stream_default_flags.rawValue) == dnnl_success, let s else { return nil }
        handle = s
    }
    deinit { dnnl_stream_destroy(handle) }

    /// Runs `primitive` with `args` ((DNNL_ARG_*, memory) pairs) and waits for it.
    func run(_ primitive: DNNLPrimitive, _ args: [(Int32, DNNLMemory)]) -> Bool {
        let a = args.map { dnnl_exec_arg_t(arg: $0.0, memory: $0.1.handle) }
        guard dnnl_primitive_execute(primitive.handle, handle, Int32(a.count), a) == dnnl_success else { return false }
        return dnnl_stream_wait(handle) == dnnl_success
    }
}
