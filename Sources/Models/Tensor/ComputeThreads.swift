import COpenBLAS
import Dispatch
import Foundation

/// The one thread-count setting shared by OpenBLAS and the engine's own parallel loops.
///
/// Defaults to every core; `CLIPSONIC_THREADS` in the environment overrides the default.
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

    /// Threads used by OpenBLAS and by `parallelFor`.
    public static var count: Int {
        get { lock.lock(); defer { lock.unlock() }; return current }
        set {
            let n = Swift.max(1, newValue)
            lock.lock(); current = n; lock.unlock()
            openblas_set_num_threads(Int32(n))
        }
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
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                let lo = n * t / threads, hi = n * (t + 1) / threads
                for i in lo..<hi { box.value(i) }
            }
        }
    }
}

/// Carries a value the compiler cannot prove Sendable across a structured, joined fork.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
