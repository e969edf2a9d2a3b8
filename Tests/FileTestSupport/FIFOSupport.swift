import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Shared by the test targets that check a FIFO is refused where a regular file is expected.

/// What `body` returned, or nil if it was still running after `seconds`: a reader that opens a
/// FIFO waits for a writer forever. Then a writer is opened (and closed) to release it, so a
/// failing test ends instead of hanging the suite.
public func outcome(within seconds: Double = 5, releasing fifo: URL, _ body: @escaping @Sendable () -> String) -> String? {
    let box = OutcomeBox()
    let done = DispatchSemaphore(value: 0)
    Thread {
        box.value = body()
        done.signal()
    }.start()
    if done.wait(timeout: .now() + seconds) == .success { return box.value }
    let writer = open(fifo.path, O_WRONLY | O_NONBLOCK)
    if writer >= 0 { close(writer) }
    _ = done.wait(timeout: .now() + seconds)
    return nil
}

/// Makes a FIFO at `url`.
public func makeFIFO(_ url: URL) -> Bool { mkfifo(url.path, 0o600) == 0 }

private final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String?
    var value: String? {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
