import CDNNL
import COpenBLAS
import Foundation

/// The one thread-count setting shared by oneDNN, OpenBLAS and the engine's own parallel loops.
///
/// Defaults to every core; `CLIPSONIC_THREADS` in the environment overrides the default.
/// oneDNN and the engine's loops run on one OpenMP thread team (libgomp, which Debian's oneDNN
/// uses), so a convolution followed by a GroupNorm hands the same threads from one to the other
/// instead of waking a second pool while the first still spins. OpenBLAS keeps its own pthreads
/// for the GEMMs it is measured faster at (bench/README.md).
public enum ComputeThreads {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var current: Int = {
        let n = defaultCount()
        openblas_set_num_threads(Int32(n))
        return n
    }()

    public static func defaultCount() -> Int {
        if let s = ProcessInfo.processInfo.environment["CLIPSONIC_THREADS"], let n = Int(s), n > 0 {
            return n
        }
        return Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Threads used by oneDNN, OpenBLAS and `parallelFor`.
    public static var count: Int {
        get { lock.lock(); defer { lock.unlock() }; return current }
        set {
            let n = Swift.max(1, newValue)
            lock.lock(); current = n; lock.unlock()
            openblas_set_num_threads(Int32(n))
        }
    }

    /// Sets OpenMP's team size on the calling thread to `count`. OpenMP keeps that number per
    /// thread, and generation runs on worker threads, so oneDNN calls bind it before they run.
    @inline(__always)
    static func bindOpenMP() {
        let n = Int32(count)
        if omp_get_max_threads() != n { omp_set_num_threads(n) }
    }

    /// Runs `body(i)` for `i` in `0..<n`, spread over `count` threads in contiguous chunks.
    /// `body` must only write to memory no other iteration writes.
    public static func parallelFor(_ n: Int, minChunk: Int = 1, _ body: (Int) -> Void) {
        let threads = Swift.min(count, Swift.max(1, n / Swift.max(1, minChunk)))
        if threads <= 1 || n <= 1 {
            for i in 0..<n { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            var job = ParallelJob(n: n, body: body)
            withUnsafeMutablePointer(to: &job) { p in
                GOMP_parallel(runParallelJob, UnsafeMutableRawPointer(p), UInt32(threads), 0)
            }
        }
    }
}

/// What each thread of an OpenMP team runs in `parallelFor`: its share of the iterations.
/// (Called inside a parallel region nested in another, the team has one thread, which runs all.)
private struct ParallelJob {
    let n: Int
    let body: (Int) -> Void
}

private func runParallelJob(_ raw: UnsafeMutableRawPointer?) {
    guard let job = raw?.assumingMemoryBound(to: ParallelJob.self).pointee else { return }
    let t = Int(omp_get_thread_num()), team = Int(omp_get_num_threads())
    let lo = job.n * t / team, hi = job.n * (t + 1) / team
    for i in lo..<hi { job.body(i) }
}
