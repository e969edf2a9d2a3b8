import Foundation

/// Stop and Skip for a running generation, checked by the engine between steps, so a request
/// stops within one denoising step. `stop` ends the whole request; `skip` ends the current take
/// (for A/B or batch requests the next one starts).
public final class GenerationControl: @unchecked Sendable {
    public enum Request: Sendable { case none, skip, stop }
    private let lock = NSLock()
    private var pending: Request = .none

    public init() {}

    public func stop() { lock.lock(); pending = .stop; lock.unlock() }
    public func skip() { lock.lock(); if pending == .none { pending = .skip }; lock.unlock() }

    /// Reads and clears a skip; a stop stays set.
    func take() -> Request {
        lock.lock(); defer { lock.unlock() }
        let r = pending
        if r == .skip { pending = .none }
        return r
    }

    public var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return pending == .stop }
}
