import CDNNL
import COpenBLAS
import Foundation

extension Ops {
    /// Whether GEMMs run on oneDNN's sgemm (default) or OpenBLAS's (`CLIPSONIC_GEMM=openblas`).
    /// oneDNN's is as fast or faster on the engine's shapes (bench/README.md) and, above all, runs
    /// on the same OpenMP threads as the convolutions and the engine's loops: OpenBLAS's own
    /// pthreads would spin for the cores those threads are still spinning on, and every layer
    /// would pay for the handover.
    nonisolated(unsafe) public static var useOpenBLAS =
        ProcessInfo.processInfo.environment["CLIPSONIC_GEMM"] == "openblas"
}

/// Row-major single-precision GEMM: C = alpha * op(A) * op(B) + beta * C.
/// op(A) is [m, k], op(B) is [k, n], C is [m, n].
@inline(__always)
func sgemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
           alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
           b: UnsafePointer<Float>, ldb: Int,
           beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    if m == 0 || n == 0 { return }
    if k == 0 {
        // BLAS leaves C scaled by beta when k == 0; make that explicit for beta == 0.
        if beta == 0 { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        return
    }
    if !Ops.useOpenBLAS {
        ComputeThreads.bindOpenMP()
        let status = dnnl_sgemm(transA ? 0x54 : 0x4E, transB ? 0x54 : 0x4E,  // "T" / "N"
                                dnnl_dim_t(m), dnnl_dim_t(n), dnnl_dim_t(k), alpha, a, dnnl_dim_t(lda),
                                b, dnnl_dim_t(ldb), beta, c, dnnl_dim_t(ldc))
        if status == dnnl_success { return }
    }
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}
